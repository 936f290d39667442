"""The whole system on one machine: embedded AWS (moto), the template's resources, demo data, and
every feature's blueprint behind one HTTP server with the portal."""
