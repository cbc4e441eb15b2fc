http_archive(
    name = "rules_go",
    sha256 = "7aa14a03a7788ca1d5a412857d949145583ba8ca7b78cb0192e4613cbaa7b5fe",
    urls = ["https://github.com/bazelbuild/rules_go/releases/download/v0.44.0/rules_go.zip"],
)
