"""SDK-free application services: units of work, access rules, school time, the vocabularies."""
