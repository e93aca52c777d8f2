#include <algorithm>
// Scenario files: parsing with line numbers, `extends` chains, and changes by dotted path.

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "ridersim/error.hpp"
#include "ridersim/levers.hpp"
#include "ridersim/scenario_spec.hpp"
#include "ridersim/spec_reader.hpp"

namespace ridersim {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 64;
constexpr std::uintmax_t kMaxSpecBytes = 64'000'000;

// line and column of a byte offset, for syntax errors users can find in their editor
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// one segment of a dotted path: a key, optionally followed by [index] parts
struct Segment {
  std::string key;
  std::vector<std::size_t> indices;
};

std::vector<Segment> split_path(const std::string& dotted, const std::string& where) {
  std::vector<Segment> segments;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    std::string part = dotted.substr(start, dot - start);
    Segment seg;
    const std::size_t bracket = part.find('[');
    seg.key = part.substr(0, bracket);
    if (seg.key.empty()) detail::fail(where, "\"" + dotted + "\" is not a dotted path like rules.pay.base_per_order_yuan");
    std::size_t pos = bracket;
    while (pos != std::string::npos && pos < part.size()) {
      const std::size_t close = part.find(']', pos);
      const std::string digits = close == std::string::npos ? "" : part.substr(pos + 1, close - pos - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) {
        detail::fail(where, "\"" + dotted + "\": expected [N] with a whole number N (at most 9 digits) after \"" + seg.key + "\"");
      }
      seg.indices.push_back(std::stoul(digits));
      pos = close + 1;
      if (pos < part.size() && part[pos] != '[') {
        detail::fail(where, "\"" + dotted + "\": unexpected text after ]");
      }
    }
    segments.push_back(std::move(seg));
    start = dot + 1;
  }
  return segments;
}

// merges a partial object into target key by key; anything else replaces
void merge(json& target, const json& patch) {
  if (patch.is_object() && target.is_object()) {
    for (const auto& [key, value] : patch.items()) merge(target[key], value);
  } else {
    target = patch;
  }
}

bool is_lever_key(std::string_view dotted) {
  return std::any_of(levers().begin(), levers().end(), [dotted](const Lever& l) { return l.key == dotted; });
}

void set_path(json& doc, const std::string& dotted, const json& value, const std::string& where) {
  const auto segments = split_path(dotted, where);
  json* node = &doc;
  std::string walked;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    const bool last_key = s + 1 == segments.size() && seg.indices.empty();
    if (!node->is_object()) detail::fail(where, "\"" + dotted + "\": " + (walked.empty() ? "the scenario" : walked) + " is not an object");
    // a lever of the schema may be set where the scenario has no section for it yet: the section is made
    if (!last_key && !node->contains(seg.key) && seg.indices.empty() && is_lever_key(dotted)) (*node)[seg.key] = json::object();
    if (!last_key && !node->contains(seg.key)) {
      std::string keys;
      for (const auto& [key, ignored] : node->items()) keys += (keys.empty() ? "" : ", ") + key;
      detail::fail(where, "\"" + dotted + "\": no key \"" + seg.key + "\" in " + (walked.empty() ? "the scenario" : walked) +
                              "; existing keys: " + keys);
    }
    walked = detail::join(walked, seg.key);
    node = &(*node)[seg.key];
    for (std::size_t i = 0; i < seg.indices.size(); ++i) {
      const std::size_t index = seg.indices[i];
      if (!node->is_array() || index >= node->size()) {
        detail::fail(where, "\"" + dotted + "\": " + walked + " has no item [" + std::to_string(index) + "] (" +
                                (node->is_array() ? std::to_string(node->size()) + " items" : "not an array") + ")");
      }
      walked += "[" + std::to_string(index) + "]";
      node = &(*node)[index];
    }
  }
  merge(*node, value);
}

json read_file(const fs::path& file) {
  // only regular files of a sensible size: not a device, a FIFO or a folder
  std::error_code error;
  const auto status = fs::status(file, error);
  if (error || !fs::exists(status)) throw ScenarioError("", "cannot read the file: it does not exist", file.string());
  if (!fs::is_regular_file(status)) throw ScenarioError("", "cannot read the file: not a regular file", file.string());
  if (fs::file_size(file, error) > kMaxSpecBytes) {
    throw ScenarioError("", "the file is larger than " + std::to_string(kMaxSpecBytes / 1000000) + " MB; a scenario is far smaller",
                        file.string());
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError("", "cannot read the file", file.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  try {
    return parse_spec_text(buffer.str(), file.string());
  } catch (const ScenarioError& e) {
    throw e.in_file(file.string());
  }
}

json resolve(const fs::path& file, std::vector<fs::path>& chain) {
  const fs::path canonical = fs::weakly_canonical(file);
  for (const auto& seen : chain) {
    if (seen == canonical) {
      std::string cycle;
      for (const auto& p : chain) cycle += p.filename().string() + " -> ";
      throw ScenarioError("extends", "cycle in extends: " + cycle + canonical.filename().string(), file.string());
    }
  }
  chain.push_back(canonical);
  json doc = read_file(file);
  if (!doc.is_object()) throw ScenarioError("", "expected a JSON object at the top level", file.string());
  if (!doc.contains("extends")) {
    if (doc.contains("changes")) throw ScenarioError("changes", "\"changes\" needs \"extends\" naming the scenario it changes", file.string());
    return doc;
  }
  // a diff: only these keys, so that a typo never silently drops a change
  for (const auto& [key, value] : doc.items()) {
    if (key != "extends" && key != "name" && key != "description" && key != "changes" && key != "sources") {
      throw ScenarioError(key, "unknown key in a diff; allowed keys: changes, description, extends, name, sources", file.string());
    }
  }
  if (!doc["extends"].is_string()) {
    throw ScenarioError("extends", "expected a path (relative to this file), got " + detail::show(doc["extends"]), file.string());
  }
  const fs::path parent = file.parent_path() / doc["extends"].get<std::string>();
  std::error_code error;
  if (!fs::exists(parent, error)) {
    throw ScenarioError("extends", "names " + parent.string() + ", which does not exist (it is relative to this file)", file.string());
  }
  json base = resolve(parent, chain);
  try {
    if (doc.contains("changes")) base = apply_changes(base, doc["changes"]);
  } catch (const ScenarioError& e) {
    throw e.in_file(file.string());
  }
  for (const char* key : {"name", "description"}) {
    if (doc.contains(key)) base[key] = doc[key];
  }
  // a diff's sources name changed paths; each lands beside its value, in that object's "sources"
  if (doc.contains("sources")) {
    const json& sources = doc["sources"];
    if (!sources.is_object()) throw ScenarioError("sources", "expected an object mapping changed paths to sources", file.string());
    for (const auto& [dotted, note] : sources.items()) {
      const std::size_t dot = dotted.rfind('.');
      const std::string key = dot == std::string::npos ? dotted : dotted.substr(dot + 1);
      const std::string where = "sources." + dotted;
      if (!note.is_string()) throw ScenarioError(where, "expected a string, got " + detail::show(note), file.string());
      if (!doc.contains("changes") || !doc["changes"].is_object()) {
        throw ScenarioError(where, "names no change of this diff", file.string());
      }
      try {
        const json beside = json{{"sources", json{{key, note}}}};
        base = apply_changes(base, dot == std::string::npos ? beside : json{{dotted.substr(0, dot), beside}});
      } catch (const ScenarioError& e) {
        throw ScenarioError(where, e.message(), file.string());
      }
    }
  }
  chain.pop_back();
  return base;
}

}  // namespace

json parse_spec_text(const std::string& text, const std::string& origin) {
  // while parsing: no nesting deeper than a scenario needs (deep documents exhaust the stack of
  // whatever walks them), and no key twice in one object (the later would silently win)
  std::vector<std::pair<std::string, std::set<std::string>>> objects;  // (path, keys seen) of the open objects
  std::string last_key;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) && depth >= kMaxDepth) {
      throw ScenarioError("", "nested deeper than " + std::to_string(kMaxDepth) + " levels; a scenario needs far fewer", origin);
    }
    if (event == json::parse_event_t::object_start) {
      const std::string parent = objects.empty() ? "" : objects.back().first;
      objects.emplace_back(objects.empty() ? "" : detail::join(parent, last_key), std::set<std::string>{});
    } else if (event == json::parse_event_t::object_end) {
      objects.pop_back();
    } else if (event == json::parse_event_t::key) {
      last_key = parsed.get<std::string>();
      if (!objects.back().second.insert(last_key).second) {
        throw ScenarioError(detail::join(objects.back().first, last_key),
                            "the key appears twice in the same object; keep one (the later would silently replace the first)",
                            origin);
      }
    }
    return true;
  };
  try {
    return json::parse(text, check);
  } catch (const json::out_of_range& e) {
    // a number JSON allows but a double cannot hold (1e400)
    std::string what = e.what();
    const auto cut = what.find("number overflow");
    throw ScenarioError("", "invalid number: " + (cut == std::string::npos ? what : what.substr(cut)) +
                                "; numbers must fit a double (about 1e308)",
                        origin);
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    const auto cut = what.find("syntax error");
    if (cut != std::string::npos) what = what.substr(cut);
    // never echo the file's bytes back (it may not be a scenario at all)
    const auto read = what.find("; last read");
    if (read != std::string::npos) what = what.substr(0, read);
    throw ScenarioError("", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what,
                        origin);
  }
}

json apply_changes(const json& base, const json& changes) {
  if (!changes.is_object()) detail::fail("changes", "expected an object of dotted paths or partial objects, got " + detail::show(changes));
  json doc = base;
  for (const auto& [key, value] : changes.items()) set_path(doc, key, value, "changes." + key);
  return doc;
}

json load_spec(const fs::path& file) {
  std::vector<fs::path> chain;
  return resolve(file, chain);
}

Scenario load_scenario(const fs::path& file) {
  const json spec = load_spec(file);
  try {
    return compile(spec);
  } catch (const ScenarioError& e) {
    throw e.in_file(file.string());
  }
}

}  // namespace ridersim
