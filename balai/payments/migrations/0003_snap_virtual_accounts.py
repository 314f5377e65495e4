"""SNAP virtual accounts: each bank's biller code (partnerServiceId), X-EXTERNAL-ID unique per
bank and day, and paymentRequestId up to 128 characters."""

import django.core.validators
from django.db import migrations, models
from django.utils import timezone


def fill_days(apps, schema_editor):
    BankRequest = apps.get_model("payments", "BankRequest")
    for request in BankRequest.objects.filter(day__isnull=True).only("id", "created_at"):
        BankRequest.objects.filter(pk=request.pk).update(
            day=timezone.localdate(request.created_at))


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="bankclient",
            name="partner_service_id",
            # Banks registered before: a placeholder until their real biller code is set.
            field=models.CharField(default="00000", max_length=8, validators=[
                django.core.validators.RegexValidator(
                    "^\\d{1,8}$", "Kode biller terdiri atas 1-8 angka.")],
                verbose_name="kode biller (partnerServiceId)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bankrequest",
            name="day",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="bankrequest",
            name="day",
            field=models.DateField(),
        ),
        migrations.RemoveConstraint(
            model_name="bankrequest",
            name="bankrequest_unique_external_id",
        ),
        migrations.AddConstraint(
            model_name="bankrequest",
            constraint=models.UniqueConstraint(fields=("client", "day", "external_id"),
                                               name="bankrequest_unique_external_id_day"),
        ),
        migrations.RemoveConstraint(
            model_name="payment",
            name="payment_unique_client_external_id",
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["client", "external_id"], name="payment_external_id_idx"),
        ),
        migrations.AlterField(
            model_name="payment",
            name="bank_reference",
            field=models.CharField(max_length=128, verbose_name="referensi bank"),
        ),
    ]
