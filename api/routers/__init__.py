"""HTTP routers, included by api/app.py."""
