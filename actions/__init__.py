"""CareLoop's custom actions, served by the rasa-sdk action server (`python -m actions`).

Actions stay thin: they validate what the patient said, persist it through bot.db's
repositories and call our services over HTTP (actions/clients/). They never import torch.
"""
