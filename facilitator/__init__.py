"""De facilitator: an offline, voice-assisted room facilitator for Dutch intervisie."""

__version__ = "0.1.0"
