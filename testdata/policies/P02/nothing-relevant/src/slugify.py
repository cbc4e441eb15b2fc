import re
import sys


def slugify(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


if __name__ == "__main__":
    print(slugify(" ".join(sys.argv[1:])))
