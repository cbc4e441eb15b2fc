import pickle, marshal, shelve, yaml, json, dill
import jsonpickle, torch
import pandas as pd
from jsonpickle import unpickler

def load(blob, path, text):
    # gatehouse-expect: python-pickle-load
    obj = pickle.loads(blob)
    # gatehouse-expect: python-pickle-load
    obj = dill.load(open(path, "rb"))
    # gatehouse-expect: python-pickle-load
    frame = pd.read_pickle(path)
    # gatehouse-expect: python-pickle-load
    model = torch.load(path, map_location="cpu")
    # gatehouse-expect: python-pickle-load
    job = jsonpickle.decode(text)
    # gatehouse-expect: python-pickle-load
    job = unpickler.decode(text)
    # gatehouse-ok: python-pickle-load
    weights = torch.load(path, map_location="cpu", weights_only=True)
    # gatehouse-ok: python-pickle-load
    frame = pd.read_csv(path)
    # gatehouse-ok: python-pickle-load
    data = pickle.dumps(obj)
    # gatehouse-ok: python-pickle-load
    obj = json.loads(blob)
    # gatehouse-expect: python-shelve-open
    db = shelve.open(path)
    # gatehouse-ok: python-shelve-open
    with shelve.open("cache.db") as db:
        pass
    # gatehouse-expect: python-shelve-open
    db = shelve.DbfilenameShelf(path)
    # gatehouse-ok: python-shelve-open
    db = open(path)
    # gatehouse-ok: python-shelve-open
    db = dbm.open(path)
    # gatehouse-expect: python-marshal-load
    code = marshal.loads(blob)
    # gatehouse-expect: python-marshal-load
    code = marshal.load(open(path, "rb"))
    # gatehouse-ok: python-marshal-load
    data = marshal.dumps(code)
    # gatehouse-ok: python-marshal-load
    data = json.load(open(path))
    # gatehouse-expect: python-yaml-unsafe-load
    cfg = yaml.load(text)
    # gatehouse-expect: python-yaml-unsafe-load
    cfg = yaml.load(text, Loader=yaml.FullLoader)
    # gatehouse-expect: python-yaml-unsafe-load
    cfg = yaml.unsafe_load(text)
    # gatehouse-ok: python-yaml-unsafe-load
    cfg = yaml.safe_load(text)
    # gatehouse-ok: python-yaml-unsafe-load
    cfg = yaml.load(text, Loader=yaml.SafeLoader)
    # gatehouse-ok: python-yaml-unsafe-load
    cfg = yaml.load(text, yaml.CSafeLoader)
    return obj
