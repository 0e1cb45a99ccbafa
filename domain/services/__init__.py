"""Application services: load → call one aggregate method → save. They speak simple types."""
