"""Parses supplier product feeds uploaded through the partner portal."""
import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom

import defusedxml.ElementTree
import defusedxml.minidom


def parse_feed(payload):
    root = ET.fromstring(payload)
    return [item.attrib for item in root.iter("item")]


def parse_feed_file(path):
    return ET.parse(path).getroot()


def stream_feed(path):
    for _, elem in ET.iterparse(path):
        yield elem


def custom_parser():
    return ET.XMLParser()


def parse_manifest(text):
    return minidom.parseString(text)


def parse_manifest_file(path):
    return minidom.parse(path)


class Counter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


def count_elements(payload):
    handler = Counter()
    xml.sax.parseString(payload, handler)
    return handler.count


def parse_feed_safe(payload):
    # Safe: defusedxml.
    return defusedxml.ElementTree.fromstring(payload)


def parse_manifest_safe(text):
    # Safe.
    return defusedxml.minidom.parseString(text)
