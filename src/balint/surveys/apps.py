from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "balint.surveys"
    label = "surveys"
    verbose_name = "Anonymous surveys"
