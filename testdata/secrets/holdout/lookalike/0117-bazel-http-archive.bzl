http_archive(
    name = "rules_go",
    sha256 = "423a2dbfa41bb3033f03b480ff936d98ed8270e2bb3d0ea44f994cf2508d3f80",
    urls = ["https://github.com/bazelbuild/rules_go/releases/download/v0.48.0/rules_go-v0.48.0.zip"],
)
