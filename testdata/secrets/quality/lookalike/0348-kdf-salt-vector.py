PBKDF2_VECTOR = {
    "iterations": 600000,
    "salt": bytes.fromhex("73f694ebb2f69e48a58ca766e4c5ec7c"),
    "expected": bytes.fromhex("6a2659e3e3a95d7a9a247d71683cee8766c93480a0751e4ee31ac177b72dafc2"),
}
