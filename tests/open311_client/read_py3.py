"""Reads the server with the georeport 0.3.1 library (Python 3), in JSON
and in XML: the services, a service definition and the requests."""
import os

from georeport import GeoReport

endpoint = os.environ["OPEN311_ENDPOINT"]
filed = [n for n in os.environ.get("OPEN311_FILED", "").split(",") if n]

for fmt in ("json", "xml"):
    client = GeoReport(endpoint, jurisdiction="sh.12333.gov.cn", output_format=fmt)

    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert "policy_execution" in codes and len(codes) == 7, codes
    print(fmt, "services:", ", ".join(codes))

    definition = client.get_service_definition("labour_inspection")
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    attribute_codes = [a["code"] for a in attributes]
    assert "facts.when" in attribute_codes and "screening.topic" in attribute_codes, attribute_codes
    print(fmt, "labour_inspection attributes:", len(attribute_codes))

    requests = client.get_service_requests(status="open")
    if isinstance(requests, dict):
        requests = [requests]
    numbers = [r["service_request_id"] for r in requests]
    for number in filed:
        assert number in numbers, (number, numbers)
        one = client.get_service_request(number)
        assert one["service_request_id"] == number and one["status"] == "open", one
        assert one.get("description") in (None, ""), one
    print(fmt, "open requests:", len(numbers))
