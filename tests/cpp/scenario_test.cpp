#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "ridersim/error.hpp"
#include "ridersim/scenario.hpp"
#include "ridersim/scenario_spec.hpp"

using namespace ridersim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// the message of the ScenarioError that compiling `spec` throws ("" if none)
std::string compile_error(const json& spec) {
  try {
    (void)compile(spec);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

TEST_CASE("scenario: the small city compiles with units converted") {
  const Scenario sc = compile(test::small_city());
  CHECK(sc.name == "small-city");
  CHECK(sc.n_riders() == 30);
  CHECK(sc.world.width_m == 3000.0);
  CHECK(sc.world.travel.speed_mps[static_cast<std::size_t>(Vehicle::EBIKE)] == Approx(16 / 3.6));
  CHECK(sc.world.pickup_service_s == 120);
  CHECK(sc.rules.pay.base_per_order_fen == 400);
  CHECK(sc.rules.pay.per_km_over_1km_fen == 80);
  CHECK(sc.rules.dispatch.candidates_per_order == 8);  // default
  CHECK(sc.rules.lateness.cash_tiers.size() == 2);
  CHECK(sc.demand.cancel_after_unassigned_s == 1800);
}

TEST_CASE("scenario: errors name the JSON path, the value and what is allowed") {
  json spec = test::small_city();
  SECTION("out of range") {
    spec["rules"]["pay"]["base_per_order_yuan"] = -4;
    CHECK(compile_error(spec) == "scenario.rules.pay.base_per_order_yuan: expected a number >= 0 and <= 10000, got -4");
  }
  SECTION("wrong type inside an array") {
    spec["riders"]["types"][1]["count"] = "many";
    CHECK_THAT(compile_error(spec), Catch::Contains("scenario.riders.types[1].count: expected a whole number") &&
                                        Catch::Contains("got a string \"many\""));
  }
  SECTION("unknown keys list the allowed ones") {
    spec["rules"]["pay"]["base_per_order"] = 5;
    CHECK_THAT(compile_error(spec), Catch::Contains("scenario.rules.pay.base_per_order: unknown key; allowed keys: "
                                                    "base_per_order_yuan, festival_surcharge_yuan, night_end_h, "
                                                    "night_start_h, night_surcharge_yuan, peak_fee_days, peak_fee_end_h, peak_fee_share, peak_fee_start_h, "
                                                    "per_km_over_1km_yuan, safety_bonus_per_order_yuan, "
                                                    "weather_surcharge_yuan, sources"));
  }
  SECTION("missing keys") {
    spec["demand"].erase("cancel_after_unassigned_min");
    CHECK(compile_error(spec) == "scenario.demand.cancel_after_unassigned_min: missing; this key is required");
  }
  SECTION("enumerations list their values") {
    spec["rules"]["dispatch"]["policy"] = "fastest";
    CHECK(compile_error(spec) == "scenario.rules.dispatch.policy: expected one of \"nearest_idle\", \"batched\", \"bundling\", \"rolling_horizon\", \"grab_market\", \"score_priority\", \"station_waves\", \"external\", got \"fastest\"");
  }
  SECTION("cross references") {
    spec["riders"]["types"][0]["vehicle"] = "car";
    CHECK_THAT(compile_error(spec), Catch::Contains("scenario.riders.types[0].vehicle: \"car\" has no speed"));
  }
  SECTION("sources must name a sibling key") {
    spec["rules"]["pay"]["sources"] = {{"base_per_order_yaun", "typo"}};
    CHECK_THAT(compile_error(spec), Catch::Contains("scenario.rules.pay.sources.base_per_order_yaun: names no key"));
  }
  SECTION("24 hourly values") {
    spec["demand"]["orders_per_hour"] = {1, 2, 3};
    CHECK(compile_error(spec) == "scenario.demand.orders_per_hour: expected an array of 24 numbers, got 3 item(s)");
  }
}

TEST_CASE("scenario: changes by dotted path and by partial object leave the base untouched") {
  const json base = test::small_city();
  const json changed = apply_changes(base, json{{"rules.pay.base_per_order_yuan", 5.5},
                                                {"riders.types[1].count", 3},
                                                {"rules", {{"lateness", {{"sanction", "none"}}}}}});
  CHECK(base["rules"]["pay"]["base_per_order_yuan"] == 4.0);
  const Scenario sc = compile(changed);
  CHECK(sc.rules.pay.base_per_order_fen == 550);
  CHECK(sc.rider_types[1].count == 3);
  CHECK(sc.rules.lateness.sanction == LatenessSanction::NONE);
  CHECK(sc.rules.lateness.cash_tiers.size() == 2);  // the partial object kept its siblings
  CHECK_THROWS_WITH(apply_changes(base, json{{"rules.pey.base_per_order_yuan", 1}}),
                    Catch::Contains("no key \"pey\" in rules"));
  CHECK_THROWS_WITH(apply_changes(base, json{{"riders.types[7].count", 1}}), Catch::Contains("has no item [7]"));
}

TEST_CASE("scenario: files extend files and cycles are errors") {
  const fs::path dir = fs::temp_directory_path() / "ridersim-scenario-test";
  fs::create_directories(dir / "proposals");
  std::ofstream(dir / "base.json") << test::small_city().dump();
  std::ofstream(dir / "proposals" / "raise.json")
      << R"({"extends": "../base.json", "name": "raise", "changes": {"rules.pay.base_per_order_yuan": 6},
            "sources": {"rules.pay.base_per_order_yuan": "union proposal"}})";
  std::ofstream(dir / "proposals" / "on-top.json")
      << R"({"extends": "raise.json", "name": "on-top", "changes": {"rules.commission.merchant_rate": 0.1}})";
  const Scenario top = load_scenario(dir / "proposals" / "on-top.json");
  CHECK(top.name == "on-top");
  CHECK(top.rules.pay.base_per_order_fen == 600);
  CHECK(top.rules.commission.merchant_rate == 0.1);
  CHECK(load_spec(dir / "proposals" / "raise.json")["rules"]["pay"]["sources"]["base_per_order_yuan"] == "union proposal");

  std::ofstream(dir / "a.json") << R"({"extends": "b.json", "changes": {}})";
  std::ofstream(dir / "b.json") << R"({"extends": "a.json", "changes": {}})";
  CHECK_THROWS_WITH(load_scenario(dir / "a.json"), Catch::Contains("cycle in extends: a.json -> b.json -> a.json"));
}

TEST_CASE("scenario: the invalid corpus gives the message each file expects") {
  const fs::path dir = test::source_path("tests/data/invalid");
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    fs::path expected_file = entry.path();
    expected_file.replace_extension(".expected");
    INFO(entry.path().filename().string());
    REQUIRE(fs::exists(expected_file));
    const std::string expected = read_text(expected_file);
    REQUIRE(!expected.empty());
    CHECK_THROWS_WITH(load_scenario(entry.path()), Catch::Contains(expected));
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("scenario: the shipped scenarios are valid") {
  int checked = 0;
  for (const char* folder : {"scenarios", "scenarios/proposals"}) {
    for (const auto& entry : fs::directory_iterator(test::source_path(folder))) {
      if (entry.path().extension() != ".json") continue;
      INFO(entry.path().string());
      CHECK_NOTHROW(load_scenario(entry.path()));
      ++checked;
    }
  }
  CHECK(checked >= 2);
}

TEST_CASE("scenario: randomly mutated baselines never crash the loader") {
  // every mutation either compiles or throws a ScenarioError; anything else (a crash, another
  // exception) fails, and under the sanitizer build any memory error does too
  const json base = load_spec(test::source_path("scenarios/baseline.json"));
  std::vector<json> odd{nullptr, true, 0, -1, 0.5, -1e300, 1e300, 9.9e15, "", "cash", json::array(), json::array({1, 2}),
                        json::object(), json{{"a", 1}}, 24, 3651};
  boost::random::mt19937_64 rng(20260318);
  auto pick = [&](std::size_t n) { return boost::random::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  int errors = 0, valid = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    json spec = base;
    const int n_mutations = 1 + static_cast<int>(pick(3));
    for (int m = 0; m < n_mutations; ++m) {
      // walk down to a random node
      json* node = &spec;
      json* parent = nullptr;
      std::string key;
      for (int depth = 0; depth < 6 && (node->is_object() || node->is_array()) && !node->empty(); ++depth) {
        parent = node;
        if (node->is_object()) {
          auto it = node->begin();
          std::advance(it, static_cast<std::ptrdiff_t>(pick(node->size())));
          key = it.key();
          node = &(*node)[key];
        } else {
          key.clear();
          node = &(*node)[pick(node->size())];
        }
        if (pick(3) == 0) break;
      }
      switch (pick(4)) {
        case 0:
          *node = odd[pick(odd.size())];
          break;
        case 1:
          if (parent && parent->is_object() && !key.empty()) parent->erase(key);
          break;
        case 2:
          if (parent && parent->is_object()) (*parent)[key + "_x"] = odd[pick(odd.size())];
          break;
        default:
          if (node->is_number()) *node = node->get<double>() * (pick(2) ? -1.0 : 1e6);
          break;
      }
    }
    try {
      (void)compile(spec);
      ++valid;
    } catch (const ScenarioError& e) {
      REQUIRE(std::string(e.what()).rfind("scenario", 0) == 0);
      ++errors;
    }
  }
  CHECK(errors > 500);
  CHECK(valid > 20);
}

TEST_CASE("scenario: a lever of the schema can be set where the scenario has no section for it yet") {
  json spec = test::small_city();
  REQUIRE_FALSE(spec["rules"].contains("multiplier"));
  const json changed = apply_changes(spec, {{"rules.multiplier.share", 0.25}});
  CHECK(changed["rules"]["multiplier"]["share"] == 0.25);
  CHECK(compile(changed).rules.multiplier.share == 0.25);
  // a path that is not a lever still names what exists
  CHECK_THROWS_WITH(apply_changes(spec, {{"rules.multiplyer.share", 0.25}}),
                    Catch::Contains("no key \"multiplyer\" in rules; existing keys:"));
}
