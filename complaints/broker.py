"""The worker's broker: django-q's ORM broker (settings.Q_CLUSTER["broker_class"]), which also
hands over the receipts that filings wrote without a task of their own.

A filing writes its report and its receipt in one statement (complaints/services.py); building,
signing and writing a django-q task for the receipt there had cost each filing about a tenth
of its time on the web node. The cluster looks at its queue at least every `poll` seconds, and
before each look this broker queues a delivery for each receipt still waiting
(notifications.hand_over_receipts), so a receipt leaves as soon as it did when its task was
written with it.
"""

from django_q.brokers.orm import ORM

from complaints import notifications


class OutboxBroker(ORM):
    def dequeue(self):
        self.get_connection()  # closes a connection the server dropped, as ORM.dequeue does
        notifications.hand_over_receipts()
        return super().dequeue()
