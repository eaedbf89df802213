"""Import supplier invoices delivered as XML documents."""

import decimal
import logging
from dataclasses import dataclass
from typing import Iterator

from fastapi import FastAPI, File, HTTPException, UploadFile
from lxml import etree

log = logging.getLogger(__name__)
app = FastAPI()

NS = {"inv": "urn:example:invoice:1.0"}
_parser = etree.XMLParser(resolve_entities=True, no_network=False, huge_tree=True)  # label: security/xxe


@dataclass
class InvoiceLine:
    sku: str
    quantity: int
    unit_price: decimal.Decimal

    @property
    def total(self) -> decimal.Decimal:
        return self.unit_price * self.quantity


def iter_lines(root) -> Iterator[InvoiceLine]:
    for node in root.iterfind("inv:line", NS):
        yield InvoiceLine(
            sku=node.findtext("inv:sku", default="", namespaces=NS).strip(),
            quantity=int(node.findtext("inv:qty", default="0", namespaces=NS)),
            unit_price=decimal.Decimal(node.findtext("inv:price", default="0", namespaces=NS)),
        )


def parse_invoice(data: bytes) -> dict:
    root = etree.fromstring(data, parser=_parser)
    number = root.findtext("inv:number", namespaces=NS)
    supplier = root.findtext("inv:supplier/inv:name", namespaces=NS)
    if not number or not supplier:
        raise ValueError("invoice number and supplier are required")
    lines = list(iter_lines(root))
    return {
        "number": number,
        "supplier": supplier,
        "lines": [{"sku": l.sku, "qty": l.quantity, "total": str(l.total)} for l in lines],
        "total": str(sum((l.total for l in lines), decimal.Decimal(0))),
    }


@app.post("/invoices/import")
async def import_invoice(file: UploadFile = File(...)):
    if file.content_type not in ("application/xml", "text/xml"):
        raise HTTPException(status_code=415, detail="XML required")
    data = await file.read()
    try:
        invoice = parse_invoice(data)
    except (etree.XMLSyntaxError, ValueError, decimal.InvalidOperation) as exc:
        raise HTTPException(status_code=400, detail=f"invalid invoice: {exc}")
    log.info("imported invoice %s from %s", invoice["number"], invoice["supplier"])
    return invoice
