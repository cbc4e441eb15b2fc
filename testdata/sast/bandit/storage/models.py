"""Model registry: loads trained artifacts uploaded by data scientists."""
import joblib
import pandas as pd
import torch


def load_checkpoint(path):
    # Vulnerable: torch.load unpickles arbitrary objects unless weights_only=True.
    return torch.load(path, map_location="cpu")


def load_weights(path):
    # Safe: weights_only restricts unpickling to tensors and primitive containers.
    return torch.load(path, map_location="cpu", weights_only=True)


def load_frame(path):
    return pd.read_pickle(path)


def load_sklearn(path):
    return joblib.load(path)


def load_csv(path):
    # Safe: CSV is data only.
    return pd.read_csv(path)
