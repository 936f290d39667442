"""certtrack's shared layer: everything two features need, and no routes."""
