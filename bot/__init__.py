"""CareLoop's application package. Imports nothing: Rasa loads bot.channels from its own environment."""
