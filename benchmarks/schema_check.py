"""Validate runbooks against `runbook schema` with jsonschema (Draft 2020-12).

Usage: python3 schema_check.py SCHEMA.json RUNBOOK.yaml...

PyYAML reads YAML 1.1, where `on`, `yes`, `no`, `off` are booleans; runbooks are YAML 1.2 (core schema), where
`on:` (the connection key) is a string. The loader below resolves booleans the 1.2 way: true/false only.
"""
import json
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def main() -> int:
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in sys.argv[2:]:
        document = yaml.load(open(path), Loader=Yaml12Loader)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors:
            where = ".".join(str(p) for p in error.path) or "(root)"
            print(f"{path}: {where}: {error.message}")
        print(f"{path}: {'ok' if not errors else f'{len(errors)} schema errors'}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
