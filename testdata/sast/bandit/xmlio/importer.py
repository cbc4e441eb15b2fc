"""Import of invoices in several legacy XML dialects."""
import xml.dom.pulldom
import xml.etree.cElementTree as cET
from xml.dom import expatbuilder
from xml.etree.ElementTree import fromstring, iterparse
from xml.sax import make_parser
from xml.sax.expatreader import create_parser

from lxml import etree


def invoice_total(payload):
    root = fromstring(payload)
    return sum(float(line.get("amount")) for line in root.iter("line"))


def stream_invoices(path):
    return [elem.tag for _, elem in iterparse(path)]


def legacy_parse(payload):
    return cET.fromstring(payload)


def events(payload):
    return xml.dom.pulldom.parseString(payload)


def builder_parse(path):
    return expatbuilder.parse(path)


def sax_reader():
    return make_parser()


def expat_reader():
    return create_parser()


def lxml_with_entities(payload):
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    return etree.fromstring(payload, parser)


def lxml_hardened(payload):
    # Safe: entities and network off.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(payload, parser)
