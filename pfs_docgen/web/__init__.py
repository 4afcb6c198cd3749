"""`pfs-docgen serve`: the web page for people who never open a terminal. Starlette routes
(app.py) translate requests into calls of the library (through work.py), as cli.py does for
the command line; uvicorn serves them (server.py)."""
