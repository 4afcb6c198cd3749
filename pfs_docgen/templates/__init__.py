"""The default Word templates and the script that builds them (build.py)."""
