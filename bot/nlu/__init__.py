"""Custom Rasa NLU components. Rasa loads them in its own (Python 3.10) environment, so they may
import only the standard library, Rasa, and the dependency-free parts of `bot` (bot.triage.rules)."""
