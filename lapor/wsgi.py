import os

from django.core.wsgi import get_wsgi_application

from lapor.memory import keep_freed_memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
keep_freed_memory()  # each web worker: a photo's buffers are reused, not mapped anew
application = get_wsgi_application()
