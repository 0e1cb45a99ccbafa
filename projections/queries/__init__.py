"""Read functions over the views. They return plain dicts shaped like the API's outputs."""
