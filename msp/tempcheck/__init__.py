"""The temperature check: instrument versions, waves, interviews and their answers."""
