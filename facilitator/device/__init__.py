"""The device mode: the facilitator on a table device without keyboard or screen."""
