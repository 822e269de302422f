"""The nurse web console and the patient web chat page (FastAPI, server-rendered).

`bot.console.app.create_app(settings)` builds the application; `python -m bot.console` serves it;
`python -m bot.console.accounts create` adds a nurse account.
"""
