"""lapor's Open311 GeoReport v2 server (/open311/v2/): the open standard FixMyStreet and many
city systems speak. formats.py writes JSON and XML in the spec's element names; views.py
serves discovery, services, service definitions and requests; requests.py reads and files
them. Only what the public may see leaves through it."""
