"""The web MUS-automat (``musforms serve``): tick questions in a browser, download the form.

The app lives in :mod:`musforms.web.app` (``create_app``); this package
imports nothing itself, so that ``import musforms`` never loads Starlette.
"""
