from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = '1qet3)i&)br4jh5(%+=zqkuz+rswm2pwy934rlzj&ynfw6i8fs'
DEBUG = False
