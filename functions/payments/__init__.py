"""The payments sweep: expired seat holds of unpaid bookings released, pending refunds settled."""
