"""The negotiation workspace: `ridersim serve`, a local web application (see app.py)."""
