"""One router per page or resource; `bot.console.app` includes them all."""
