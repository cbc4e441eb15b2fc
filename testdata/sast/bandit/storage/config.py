"""Configuration loading for the worker fleet."""
import yaml
from yaml import SafeLoader


def load_config(path):
    with open(path) as fh:
        return yaml.load(fh)


def load_overrides(text):
    return yaml.load(text, Loader=yaml.FullLoader)


def load_legacy(text):
    return yaml.load(text, Loader=yaml.Loader)


def load_plugins(text):
    return yaml.load(
        text,
        Loader=yaml.UnsafeLoader,
    )


def load_safe(text):
    # Safe: safe_load.
    return yaml.safe_load(text)


def load_safe_loader(text):
    # Safe: an explicit SafeLoader.
    return yaml.load(text, Loader=SafeLoader)


def load_c_safe(text):
    return yaml.load(text, yaml.CSafeLoader)


def load_strings_only(text):
    # compare-bandit: deliberate yaml-base-loader
    return yaml.load(text, Loader=yaml.BaseLoader)
