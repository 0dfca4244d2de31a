from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "balint.exchange"
    label = "exchange"
    verbose_name = "Exchange"
