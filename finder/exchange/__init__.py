"""Open data in and out: reading the sector's files (`reading`, one module per format), importing them
(`importer`) and writing the standards' files (`exports`)."""
