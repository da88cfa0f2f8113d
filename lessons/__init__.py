"""The lesson catalogue: one TOML lesson file per scene type (package data; `gradanim list`)."""
