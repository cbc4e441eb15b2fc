def check_mask():
    assert mask("hunter2") == "*******"
    assert mask("") == ""
