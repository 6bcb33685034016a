#include "app/email_templates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <span>

#include "app/internal/string_map_json.h"

namespace paseo::app {
namespace {

// One template in one locale. The HTML body is derived from `text` (see text_template_to_html) so
// that both parts always say the same thing; only the layout differs.
struct LocaleText {
  std::string_view subject;
  std::string_view text;
};

struct TemplateDef {
  std::string_view name;
  std::span<const std::string_view> vars;  // documented; all but `optional` are expected
  LocaleText es;
  LocaleText en;
  LocaleText fr;

  const LocaleText& in(std::string_view locale) const {
    if (locale == "es") return es;
    if (locale == "fr") return fr;
    return en;
  }
};

// Words for enumerated values, per locale: {{status_label}} for status "approved" and so on.
struct Label {
  std::string_view var;
  std::string_view value;
  std::string_view es;
  std::string_view en;
  std::string_view fr;
};

constexpr std::array<std::string_view, 3> kLocales = {"es", "en", "fr"};

constexpr std::array<Label, 15> kLabels = {{
    {"status", "submitted", "recibida", "received", "reçue"},
    {"status", "under_review", "en revisión", "under review", "en cours d'examen"},
    {"status", "info_requested", "necesitamos más información", "more information needed",
     "informations complémentaires requises"},
    {"status", "approved", "aprobada", "approved", "approuvée"},
    {"status", "rejected", "no aceptada", "not accepted", "non retenue"},
    {"status", "documents", "documentos en revisión", "documents under review",
     "documents en cours de vérification"},
    {"status", "active", "activa", "active", "active"},
    {"previous_status", "submitted", "recibida", "received", "reçue"},
    {"previous_status", "under_review", "en revisión", "under review", "en cours d'examen"},
    {"document_kind", "company_registration", "certificado de registro mercantil",
     "company registration certificate", "certificat d'immatriculation de la société"},
    {"document_kind", "bank_account", "certificado de titularidad bancaria",
     "bank account certificate", "attestation de compte bancaire"},
    {"document_kind", "liability_insurance", "seguro de responsabilidad civil",
     "civil liability insurance", "attestation d'assurance responsabilité civile"},
    {"decision", "accepted", "aceptado", "accepted", "accepté"},
    {"decision", "rejected", "rechazado", "rejected", "refusé"},
    {"previous_status", "info_requested", "necesitamos más información", "more information needed",
     "informations complémentaires requises"},
}};

// ---------------------------------------------------------------------------------------------
// Booking emails (variables from the inventory engine).

// Every booking email is given the first kBookingRequiredVars; the others only when they apply
// (a cancellation's refund, an amendment's old values...).
constexpr std::size_t kBookingRequiredVars = 10;
constexpr std::array<std::string_view, 30> kBookingVars = {"supplier_name",
                                                           "product_title",
                                                           "option_title",
                                                           "local_start",
                                                           "booking_reference",
                                                           "contact_name",
                                                           "contact_email",
                                                           "units_summary",
                                                           "total",
                                                           "booking_uuid",
                                                           "channel",
                                                           "reason",
                                                           "changes",
                                                           "refund",
                                                           "refund_amount",
                                                           "by_supplier",
                                                           "extras_summary",
                                                           "pickup",
                                                           "meeting_point",
                                                           "answers",
                                                           "notes",
                                                           "reseller_reference",
                                                           "booking_url",
                                                           "traveller_emailed",
                                                           "previous_activity",
                                                           "previous_start",
                                                           "previous_units",
                                                           "previous_total",
                                                           "previous_extras",
                                                           "previous_pickup"};

constexpr TemplateDef kBookingConfirmedSupplier{
    "booking_confirmed_supplier",
    kBookingVars,
    {"Nueva reserva {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hola {{supplier_name}}:

Tienes una nueva reserva confirmada.

Referencia: {{booking_reference}}
Actividad: {{product_title}} – {{option_title}}
Fecha y hora: {{local_start}}
Participantes: {{units_summary}}
{{#extras_summary}}Extras: {{extras_summary}}
{{/extras_summary}}Total: {{total}}
Cliente: {{contact_name}} ({{contact_email}})
{{#channel}}Canal de venta: {{channel}}{{#reseller_reference}} (ref. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Recogida: {{pickup}}
{{/pickup}}{{#answers}}Respuestas: {{answers}}
{{/answers}}{{#notes}}Notas: {{notes}}
{{/notes}}{{#booking_url}}Ver la reserva: {{booking_url}}
{{/booking_url}}Identificador: {{booking_uuid}}

{{^booking_url}}Encontrarás todos los detalles en tu panel de Paseo.{{/booking_url}})"},
    {"New booking {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hello {{supplier_name}},

You have a new confirmed booking.

Reference: {{booking_reference}}
Activity: {{product_title}} – {{option_title}}
Date and time: {{local_start}}
Participants: {{units_summary}}
{{#extras_summary}}Extras: {{extras_summary}}
{{/extras_summary}}Total: {{total}}
Customer: {{contact_name}} ({{contact_email}})
{{#channel}}Sold through: {{channel}}{{#reseller_reference}} (ref. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Pickup: {{pickup}}
{{/pickup}}{{#answers}}Answers: {{answers}}
{{/answers}}{{#notes}}Notes: {{notes}}
{{/notes}}{{#booking_url}}See the booking: {{booking_url}}
{{/booking_url}}Booking id: {{booking_uuid}}

{{^booking_url}}Every detail is in your Paseo dashboard.{{/booking_url}})"},
    {"Nouvelle réservation {{booking_reference}} : {{product_title}}, {{local_start}}",
     R"(Bonjour {{supplier_name}},

Vous avez une nouvelle réservation confirmée.

Référence : {{booking_reference}}
Activité : {{product_title}} – {{option_title}}
Date et heure : {{local_start}}
Participants : {{units_summary}}
{{#extras_summary}}Suppléments : {{extras_summary}}
{{/extras_summary}}Total : {{total}}
Client : {{contact_name}} ({{contact_email}})
{{#channel}}Canal de vente : {{channel}}{{#reseller_reference}} (réf. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Prise en charge : {{pickup}}
{{/pickup}}{{#answers}}Réponses : {{answers}}
{{/answers}}{{#notes}}Notes : {{notes}}
{{/notes}}{{#booking_url}}Voir la réservation : {{booking_url}}
{{/booking_url}}Identifiant : {{booking_uuid}}

{{^booking_url}}Tous les détails sont dans votre espace Paseo.{{/booking_url}})"},
};

constexpr TemplateDef kBookingAmendedSupplier{
    "booking_amended_supplier",
    kBookingVars,
    {"Reserva modificada {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hola {{supplier_name}}:

Se ha modificado una reserva. Estos son sus datos actuales.

{{#changes}}Cambios: {{changes}}

{{/changes}}Referencia: {{booking_reference}}
Actividad: {{product_title}} – {{option_title}}{{#previous_activity}} (antes: {{previous_activity}}){{/previous_activity}}
Fecha y hora: {{local_start}}{{#previous_start}} (antes: {{previous_start}}){{/previous_start}}
Participantes: {{units_summary}}{{#previous_units}} (antes: {{previous_units}}){{/previous_units}}
{{#extras_summary}}Extras: {{extras_summary}}{{#previous_extras}} (antes: {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total: {{total}}{{#previous_total}} (antes: {{previous_total}}){{/previous_total}}
Cliente: {{contact_name}} ({{contact_email}})
{{#channel}}Canal de venta: {{channel}}{{#reseller_reference}} (ref. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Recogida: {{pickup}}{{#previous_pickup}} (antes: {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#answers}}Respuestas: {{answers}}
{{/answers}}{{#notes}}Notas: {{notes}}
{{/notes}}{{#booking_url}}Ver la reserva: {{booking_url}}
{{/booking_url}}Identificador: {{booking_uuid}})"},
    {"Booking amended {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hello {{supplier_name}},

A booking was amended. These are its details now.

{{#changes}}Changes: {{changes}}

{{/changes}}Reference: {{booking_reference}}
Activity: {{product_title}} – {{option_title}}{{#previous_activity}} (was: {{previous_activity}}){{/previous_activity}}
Date and time: {{local_start}}{{#previous_start}} (was: {{previous_start}}){{/previous_start}}
Participants: {{units_summary}}{{#previous_units}} (was: {{previous_units}}){{/previous_units}}
{{#extras_summary}}Extras: {{extras_summary}}{{#previous_extras}} (was: {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total: {{total}}{{#previous_total}} (was: {{previous_total}}){{/previous_total}}
Customer: {{contact_name}} ({{contact_email}})
{{#channel}}Sold through: {{channel}}{{#reseller_reference}} (ref. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Pickup: {{pickup}}{{#previous_pickup}} (was: {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#answers}}Answers: {{answers}}
{{/answers}}{{#notes}}Notes: {{notes}}
{{/notes}}{{#booking_url}}See the booking: {{booking_url}}
{{/booking_url}}Booking id: {{booking_uuid}})"},
    {"Réservation modifiée {{booking_reference}} : {{product_title}}, {{local_start}}",
     R"(Bonjour {{supplier_name}},

Une réservation a été modifiée. Voici ses informations à jour.

{{#changes}}Modifications : {{changes}}

{{/changes}}Référence : {{booking_reference}}
Activité : {{product_title}} – {{option_title}}{{#previous_activity}} (avant : {{previous_activity}}){{/previous_activity}}
Date et heure : {{local_start}}{{#previous_start}} (avant : {{previous_start}}){{/previous_start}}
Participants : {{units_summary}}{{#previous_units}} (avant : {{previous_units}}){{/previous_units}}
{{#extras_summary}}Suppléments : {{extras_summary}}{{#previous_extras}} (avant : {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total : {{total}}{{#previous_total}} (avant : {{previous_total}}){{/previous_total}}
Client : {{contact_name}} ({{contact_email}})
{{#channel}}Canal de vente : {{channel}}{{#reseller_reference}} (réf. {{reseller_reference}}){{/reseller_reference}}
{{/channel}}{{#pickup}}Prise en charge : {{pickup}}{{#previous_pickup}} (avant : {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#answers}}Réponses : {{answers}}
{{/answers}}{{#notes}}Notes : {{notes}}
{{/notes}}{{#booking_url}}Voir la réservation : {{booking_url}}
{{/booking_url}}Identifiant : {{booking_uuid}})"},
};

constexpr TemplateDef kBookingCancelledSupplier{
    "booking_cancelled_supplier",
    kBookingVars,
    {"Reserva cancelada {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hola {{supplier_name}}:

{{#by_supplier}}Has cancelado esta reserva desde tu panel: el cliente recibe el reembolso total.{{/by_supplier}}{{^by_supplier}}Se ha cancelado una reserva. Las plazas vuelven a estar disponibles.{{/by_supplier}}

Referencia: {{booking_reference}}
Actividad: {{product_title}} – {{option_title}}
Fecha y hora: {{local_start}}
Participantes: {{units_summary}}
Cliente: {{contact_name}} ({{contact_email}})
{{#channel}}Canal de venta: {{channel}}
{{/channel}}{{#reason}}Motivo: {{reason}}
{{/reason}}{{#refund=FULL}}Reembolso: {{refund_amount}} (total)
{{/refund=FULL}}{{#refund=PARTIAL}}Reembolso: {{refund_amount}} (parcial)
{{/refund=PARTIAL}}{{#refund=NONE}}Esta cancelación no tiene reembolso.
{{/refund=NONE}}Identificador: {{booking_uuid}})"},
    {"Booking cancelled {{booking_reference}}: {{product_title}}, {{local_start}}",
     R"(Hello {{supplier_name}},

{{#by_supplier}}You cancelled this booking from your dashboard: the customer gets a full refund.{{/by_supplier}}{{^by_supplier}}A booking was cancelled. Its places are available again.{{/by_supplier}}

Reference: {{booking_reference}}
Activity: {{product_title}} – {{option_title}}
Date and time: {{local_start}}
Participants: {{units_summary}}
Customer: {{contact_name}} ({{contact_email}})
{{#channel}}Sold through: {{channel}}
{{/channel}}{{#reason}}Reason: {{reason}}
{{/reason}}{{#refund=FULL}}Refund: {{refund_amount}} (full)
{{/refund=FULL}}{{#refund=PARTIAL}}Refund: {{refund_amount}} (partial)
{{/refund=PARTIAL}}{{#refund=NONE}}No refund applies to this cancellation.
{{/refund=NONE}}Booking id: {{booking_uuid}})"},
    {"Réservation annulée {{booking_reference}} : {{product_title}}, {{local_start}}",
     R"(Bonjour {{supplier_name}},

{{#by_supplier}}Vous avez annulé cette réservation depuis votre espace : le client est remboursé intégralement.{{/by_supplier}}{{^by_supplier}}Une réservation a été annulée. Les places sont de nouveau disponibles.{{/by_supplier}}

Référence : {{booking_reference}}
Activité : {{product_title}} – {{option_title}}
Date et heure : {{local_start}}
Participants : {{units_summary}}
Client : {{contact_name}} ({{contact_email}})
{{#channel}}Canal de vente : {{channel}}
{{/channel}}{{#reason}}Motif : {{reason}}
{{/reason}}{{#refund=FULL}}Remboursement : {{refund_amount}} (total)
{{/refund=FULL}}{{#refund=PARTIAL}}Remboursement : {{refund_amount}} (partiel)
{{/refund=PARTIAL}}{{#refund=NONE}}Cette annulation ne donne pas lieu à un remboursement.
{{/refund=NONE}}Identifiant : {{booking_uuid}})"},
};

constexpr TemplateDef kBookingConfirmedTraveller{
    "booking_confirmed_traveller",
    kBookingVars,
    {"Confirmación de tu reserva {{booking_reference}}: {{product_title}}",
     R"(Hola {{contact_name}}:

¡Tu reserva está confirmada!

Actividad: {{product_title}} – {{option_title}}
Fecha y hora: {{local_start}}
Participantes: {{units_summary}}
{{#extras_summary}}Extras: {{extras_summary}}
{{/extras_summary}}Total: {{total}}
Referencia: {{booking_reference}}
Organiza: {{supplier_name}}
{{#pickup}}Recogida: {{pickup}}
{{/pickup}}{{#meeting_point}}Punto de encuentro: {{meeting_point}}
{{/meeting_point}}
Presenta la referencia de tu reserva el día de la actividad. ¡Que lo disfrutes!)"},
    {"Booking confirmation {{booking_reference}}: {{product_title}}",
     R"(Hello {{contact_name}},

Your booking is confirmed!

Activity: {{product_title}} – {{option_title}}
Date and time: {{local_start}}
Participants: {{units_summary}}
{{#extras_summary}}Extras: {{extras_summary}}
{{/extras_summary}}Total: {{total}}
Reference: {{booking_reference}}
Operated by: {{supplier_name}}
{{#pickup}}Pickup: {{pickup}}
{{/pickup}}{{#meeting_point}}Meeting point: {{meeting_point}}
{{/meeting_point}}
Show your booking reference on the day of the activity. Enjoy!)"},
    {"Confirmation de votre réservation {{booking_reference}} : {{product_title}}",
     R"(Bonjour {{contact_name}},

Votre réservation est confirmée !

Activité : {{product_title}} – {{option_title}}
Date et heure : {{local_start}}
Participants : {{units_summary}}
{{#extras_summary}}Suppléments : {{extras_summary}}
{{/extras_summary}}Total : {{total}}
Référence : {{booking_reference}}
Organisé par : {{supplier_name}}
{{#pickup}}Prise en charge : {{pickup}}
{{/pickup}}{{#meeting_point}}Point de rendez-vous : {{meeting_point}}
{{/meeting_point}}
Présentez la référence de votre réservation le jour de l'activité. Bonne visite !)"},
};

constexpr TemplateDef kBookingAmendedTraveller{
    "booking_amended_traveller",
    kBookingVars,
    {"Tu reserva {{booking_reference}} ha cambiado: {{product_title}}, {{local_start}}",
     R"(Hola {{contact_name}}:

Tu reserva ha cambiado. Estos son sus datos actuales:

{{#changes}}Cambios: {{changes}}

{{/changes}}Actividad: {{product_title}} – {{option_title}}{{#previous_activity}} (antes: {{previous_activity}}){{/previous_activity}}
Fecha y hora: {{local_start}}{{#previous_start}} (antes: {{previous_start}}){{/previous_start}}
Participantes: {{units_summary}}{{#previous_units}} (antes: {{previous_units}}){{/previous_units}}
{{#extras_summary}}Extras: {{extras_summary}}{{#previous_extras}} (antes: {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total: {{total}}{{#previous_total}} (antes: {{previous_total}}){{/previous_total}}
Referencia: {{booking_reference}}
Organiza: {{supplier_name}}
{{#pickup}}Recogida: {{pickup}}{{#previous_pickup}} (antes: {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#meeting_point}}Punto de encuentro: {{meeting_point}}
{{/meeting_point}}
Si no has pedido este cambio, responde a este correo.)"},
    {"Your booking {{booking_reference}} has changed: {{product_title}}, {{local_start}}",
     R"(Hello {{contact_name}},

Your booking has changed. These are its details now:

{{#changes}}Changes: {{changes}}

{{/changes}}Activity: {{product_title}} – {{option_title}}{{#previous_activity}} (was: {{previous_activity}}){{/previous_activity}}
Date and time: {{local_start}}{{#previous_start}} (was: {{previous_start}}){{/previous_start}}
Participants: {{units_summary}}{{#previous_units}} (was: {{previous_units}}){{/previous_units}}
{{#extras_summary}}Extras: {{extras_summary}}{{#previous_extras}} (was: {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total: {{total}}{{#previous_total}} (was: {{previous_total}}){{/previous_total}}
Reference: {{booking_reference}}
Operated by: {{supplier_name}}
{{#pickup}}Pickup: {{pickup}}{{#previous_pickup}} (was: {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#meeting_point}}Meeting point: {{meeting_point}}
{{/meeting_point}}
If you did not ask for this change, please reply to this email.)"},
    {"Votre réservation {{booking_reference}} a changé : {{product_title}}, {{local_start}}",
     R"(Bonjour {{contact_name}},

Votre réservation a changé. Voici ses informations à jour :

{{#changes}}Modifications : {{changes}}

{{/changes}}Activité : {{product_title}} – {{option_title}}{{#previous_activity}} (avant : {{previous_activity}}){{/previous_activity}}
Date et heure : {{local_start}}{{#previous_start}} (avant : {{previous_start}}){{/previous_start}}
Participants : {{units_summary}}{{#previous_units}} (avant : {{previous_units}}){{/previous_units}}
{{#extras_summary}}Suppléments : {{extras_summary}}{{#previous_extras}} (avant : {{previous_extras}}){{/previous_extras}}
{{/extras_summary}}Total : {{total}}{{#previous_total}} (avant : {{previous_total}}){{/previous_total}}
Référence : {{booking_reference}}
Organisé par : {{supplier_name}}
{{#pickup}}Prise en charge : {{pickup}}{{#previous_pickup}} (avant : {{previous_pickup}}){{/previous_pickup}}
{{/pickup}}{{#meeting_point}}Point de rendez-vous : {{meeting_point}}
{{/meeting_point}}
Si vous n'avez pas demandé ce changement, répondez à cet e-mail.)"},
};

constexpr TemplateDef kBookingCancelledTraveller{
    "booking_cancelled_traveller",
    kBookingVars,
    {"Tu reserva {{booking_reference}} ha sido cancelada",
     R"(Hola {{contact_name}}:

Tu reserva ha sido cancelada.{{#by_supplier}} {{supplier_name}} no puede realizar la actividad y te devuelve el importe íntegro. Sentimos las molestias.{{/by_supplier}}

Actividad: {{product_title}} – {{option_title}}
Fecha y hora: {{local_start}}
Participantes: {{units_summary}}
Referencia: {{booking_reference}}
Organiza: {{supplier_name}}
{{#reason}}Motivo: {{reason}}
{{/reason}}{{#refund=FULL}}Reembolso: {{refund_amount}} (total)
{{/refund=FULL}}{{#refund=PARTIAL}}Reembolso: {{refund_amount}} (parcial)
{{/refund=PARTIAL}}{{#refund=NONE}}Esta cancelación no tiene reembolso.
{{/refund=NONE}}{{^by_supplier}}
Si no has pedido esta cancelación, responde a este correo.{{/by_supplier}})"},
    {"Your booking {{booking_reference}} has been cancelled",
     R"(Hello {{contact_name}},

Your booking has been cancelled.{{#by_supplier}} {{supplier_name}} cannot run the activity and refunds you in full. We are sorry for the inconvenience.{{/by_supplier}}

Activity: {{product_title}} – {{option_title}}
Date and time: {{local_start}}
Participants: {{units_summary}}
Reference: {{booking_reference}}
Operated by: {{supplier_name}}
{{#reason}}Reason: {{reason}}
{{/reason}}{{#refund=FULL}}Refund: {{refund_amount}} (full)
{{/refund=FULL}}{{#refund=PARTIAL}}Refund: {{refund_amount}} (partial)
{{/refund=PARTIAL}}{{#refund=NONE}}No refund applies to this cancellation.
{{/refund=NONE}}{{^by_supplier}}
If you did not ask for this cancellation, please reply to this email.{{/by_supplier}})"},
    {"Votre réservation {{booking_reference}} a été annulée",
     R"(Bonjour {{contact_name}},

Votre réservation a été annulée.{{#by_supplier}} {{supplier_name}} ne peut pas assurer l'activité et vous rembourse intégralement. Toutes nos excuses pour ce désagrément.{{/by_supplier}}

Activité : {{product_title}} – {{option_title}}
Date et heure : {{local_start}}
Participants : {{units_summary}}
Référence : {{booking_reference}}
Organisé par : {{supplier_name}}
{{#reason}}Motif : {{reason}}
{{/reason}}{{#refund=FULL}}Remboursement : {{refund_amount}} (total)
{{/refund=FULL}}{{#refund=PARTIAL}}Remboursement : {{refund_amount}} (partiel)
{{/refund=PARTIAL}}{{#refund=NONE}}Cette annulation ne donne pas lieu à un remboursement.
{{/refund=NONE}}{{^by_supplier}}
Si vous n'avez pas demandé cette annulation, répondez à cet e-mail.{{/by_supplier}})"},
};

// ---------------------------------------------------------------------------------------------
// Accounts and onboarding (variables from docs/email-templates-accounts.md).

constexpr std::array<std::string_view, 8> kApplicationVars = {
    "contact_name", "company",         "application_id", "status",
    "reason",       "previous_status", "status_url",     "changed_at"};

constexpr TemplateDef kApplicationStatusChanged{
    "application_status_changed",
    kApplicationVars,
    {"Tu solicitud en Paseo: {{status_label}}",
     R"(Hola {{contact_name}}:

{{#status=submitted}}Hemos recibido la solicitud de {{company}} para vender sus actividades en Paseo. Te escribiremos en cuanto la revisemos.{{/status=submitted}}{{#status=under_review}}Estamos revisando la solicitud de {{company}}.{{/status=under_review}}{{#status=info_requested}}Necesitamos más información sobre la solicitud de {{company}}: {{reason}}{{/status=info_requested}}{{#status=approved}}¡La solicitud de {{company}} ha sido aprobada! Sube el certificado de registro mercantil, el certificado de titularidad bancaria y el seguro de responsabilidad civil, y acepta las condiciones generales.{{/status=approved}}{{#status=rejected}}Lo sentimos: la solicitud de {{company}} no ha sido aceptada. Motivo: {{reason}}{{/status=rejected}}{{#status=documents}}Hemos recibido los documentos de {{company}} y los estamos revisando.{{/status=documents}}{{#status=active}}¡La cuenta de proveedor de {{company}} ya está activa!{{/status=active}}
{{^status=info_requested}}{{^status=rejected}}{{#reason}}
Mensaje del equipo: {{reason}}
{{/reason}}{{/status=rejected}}{{/status=info_requested}}
Estado de la solicitud: {{status_label}}
Puedes consultarlo en cualquier momento:
{{status_url}})"},
    {"Your Paseo application: {{status_label}}",
     R"(Hello {{contact_name}},

{{#status=submitted}}We received the application of {{company}} to sell its activities on Paseo. We will write to you as soon as we have reviewed it.{{/status=submitted}}{{#status=under_review}}We are reviewing the application of {{company}}.{{/status=under_review}}{{#status=info_requested}}We need more information about the application of {{company}}: {{reason}}{{/status=info_requested}}{{#status=approved}}The application of {{company}} is approved! Please upload the company registration certificate, the bank account certificate and the civil liability insurance, and accept the general conditions.{{/status=approved}}{{#status=rejected}}We are sorry: the application of {{company}} was not accepted. Reason: {{reason}}{{/status=rejected}}{{#status=documents}}We received the documents of {{company}} and are checking them.{{/status=documents}}{{#status=active}}The supplier account of {{company}} is now active!{{/status=active}}
{{^status=info_requested}}{{^status=rejected}}{{#reason}}
Message from the team: {{reason}}
{{/reason}}{{/status=rejected}}{{/status=info_requested}}
Application status: {{status_label}}
You can check it at any time:
{{status_url}})"},
    {"Votre candidature Paseo : {{status_label}}",
     R"(Bonjour {{contact_name}},

{{#status=submitted}}Nous avons bien reçu la candidature de {{company}} pour vendre ses activités sur Paseo. Nous vous écrirons dès que nous l'aurons examinée.{{/status=submitted}}{{#status=under_review}}Nous examinons la candidature de {{company}}.{{/status=under_review}}{{#status=info_requested}}Nous avons besoin d'informations complémentaires sur la candidature de {{company}} : {{reason}}{{/status=info_requested}}{{#status=approved}}La candidature de {{company}} est approuvée ! Merci de déposer le certificat d'immatriculation de la société, l'attestation de compte bancaire et l'attestation d'assurance responsabilité civile, puis d'accepter les conditions générales.{{/status=approved}}{{#status=rejected}}Nous sommes désolés : la candidature de {{company}} n'a pas été retenue. Motif : {{reason}}{{/status=rejected}}{{#status=documents}}Nous avons reçu les documents de {{company}} et les vérifions.{{/status=documents}}{{#status=active}}Le compte fournisseur de {{company}} est maintenant actif !{{/status=active}}
{{^status=info_requested}}{{^status=rejected}}{{#reason}}
Message de l'équipe : {{reason}}
{{/reason}}{{/status=rejected}}{{/status=info_requested}}
Statut de la candidature : {{status_label}}
Vous pouvez le consulter à tout moment :
{{status_url}})"},
};

constexpr std::array<std::string_view, 6> kDocumentVars = {
    "contact_name", "company", "document_kind", "decision", "reason", "status_url"};

constexpr TemplateDef kDocumentReviewed{
    "document_reviewed",
    kDocumentVars,
    {"{{document_kind_label}}: {{decision_label}}",
     R"(Hola {{contact_name}}:

Hemos revisado el documento «{{document_kind_label}}» de {{company}}: {{decision_label}}.
{{#decision=rejected}}
Sube una nueva versión, por favor.{{/decision=rejected}}
{{#reason}}
Motivo: {{reason}}
{{/reason}}
Estado de la solicitud:
{{status_url}})"},
    {"{{document_kind_label}}: {{decision_label}}",
     R"(Hello {{contact_name}},

We reviewed the {{document_kind_label}} of {{company}}: {{decision_label}}.
{{#decision=rejected}}
Please upload a new version.{{/decision=rejected}}
{{#reason}}
Reason: {{reason}}
{{/reason}}
Application status:
{{status_url}})"},
    {"{{document_kind_label}} : {{decision_label}}",
     R"(Bonjour {{contact_name}},

Nous avons examiné le document « {{document_kind_label}} » de {{company}} : {{decision_label}}.
{{#decision=rejected}}
Merci d'en déposer une nouvelle version.{{/decision=rejected}}
{{#reason}}
Motif : {{reason}}
{{/reason}}
Statut de la candidature :
{{status_url}})"},
};

constexpr std::array<std::string_view, 4> kPasswordResetVars = {"name", "reset_url",
                                                                "expires_minutes", "expires_at"};

constexpr TemplateDef kPasswordReset{
    "password_reset",
    kPasswordResetVars,
    {"Restablece tu contraseña de Paseo",
     R"(Hola{{#name}} {{name}}{{/name}}:

Alguien (esperamos que tú) ha pedido restablecer la contraseña de tu cuenta de Paseo. Usa este enlace en los próximos {{expires_minutes}} minutos; solo sirve una vez:
{{reset_url}}

Al cambiar la contraseña se cerrarán todas tus demás sesiones. Si no lo has pedido tú, ignora este correo: tu contraseña no cambiará.)"},
    {"Reset your Paseo password",
     R"(Hello{{#name}} {{name}}{{/name}},

Someone (hopefully you) asked to reset the password of your Paseo account. Use this link within {{expires_minutes}} minutes; it works only once:
{{reset_url}}

Changing the password ends every other session. If you did not ask for this, ignore this email: your password will not change.)"},
    {"Réinitialisez votre mot de passe Paseo",
     R"(Bonjour{{#name}} {{name}}{{/name}},

Quelqu'un (vous, nous l'espérons) a demandé la réinitialisation du mot de passe de votre compte Paseo. Utilisez ce lien dans les {{expires_minutes}} minutes ; il ne fonctionne qu'une fois :
{{reset_url}}

Le changement de mot de passe ferme toutes vos autres sessions. Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe ne changera pas.)"},
};

constexpr std::array<std::string_view, 3> kPasswordChangedVars = {"name", "changed_at", "ip"};

constexpr TemplateDef kPasswordChanged{
    "password_changed",
    kPasswordChangedVars,
    {"Tu contraseña de Paseo ha cambiado",
     R"(Hola{{#name}} {{name}}{{/name}}:

La contraseña de tu cuenta de Paseo se cambió el {{changed_at}} (UTC) desde la dirección {{ip}}. Hemos cerrado todas tus demás sesiones.

Si no has sido tú, pide un nuevo restablecimiento de contraseña enseguida y escríbenos.)"},
    {"Your Paseo password was changed",
     R"(Hello{{#name}} {{name}}{{/name}},

The password of your Paseo account was changed at {{changed_at}} (UTC) from the address {{ip}}. Every other session has been ended.

If this was not you, ask for a new password reset right away and write to us.)"},
    {"Votre mot de passe Paseo a été modifié",
     R"(Bonjour{{#name}} {{name}}{{/name}},

Le mot de passe de votre compte Paseo a été modifié le {{changed_at}} (UTC) depuis l'adresse {{ip}}. Toutes vos autres sessions ont été fermées.

Si ce n'était pas vous, demandez immédiatement une nouvelle réinitialisation et écrivez-nous.)"},
};

constexpr std::array<std::string_view, 5> kStaffInvitationVars = {
    "name", "inviter_name", "organisation_name", "accept_url", "expires_days"};

constexpr TemplateDef kStaffInvitation{
    "staff_invitation",
    kStaffInvitationVars,
    {"{{inviter_name}} te invita a {{organisation_name}} en Paseo",
     R"(Hola{{#name}} {{name}}{{/name}}:

{{inviter_name}} te invita a unirte al equipo de {{organisation_name}} en Paseo. Acepta la invitación y elige tu contraseña con este enlace (caduca en {{expires_days}} días y solo sirve una vez):
{{accept_url}}

Si no esperabas esta invitación, ignora este correo.)"},
    {"{{inviter_name}} invited you to {{organisation_name}} on Paseo",
     R"(Hello{{#name}} {{name}}{{/name}},

{{inviter_name}} invited you to join the team of {{organisation_name}} on Paseo. Accept the invitation and choose your password with this link (it expires in {{expires_days}} days and works only once):
{{accept_url}}

If you did not expect this invitation, ignore this email.)"},
    {"{{inviter_name}} vous invite à rejoindre {{organisation_name}} sur Paseo",
     R"(Bonjour{{#name}} {{name}}{{/name}},

{{inviter_name}} vous invite à rejoindre l'équipe de {{organisation_name}} sur Paseo. Acceptez l'invitation et choisissez votre mot de passe avec ce lien (il expire dans {{expires_days}} jours et ne fonctionne qu'une fois) :
{{accept_url}}

Si vous n'attendiez pas cette invitation, ignorez cet e-mail.)"},
};

// To the reseller whose customer's booking the supplier called off (BookingEmail::
// kCancelledBySupplier): OCTO has no push, and the reseller must hear it before its customer calls.
constexpr TemplateDef kBookingCancelledReseller{
    "booking_cancelled_reseller",
    kBookingVars,
    {"{{supplier_name}} ha cancelado la reserva {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Hola {{channel}}:

{{supplier_name}} no puede realizar la actividad y ha cancelado esta reserva vendida por vosotros. El cliente recibe el reembolso total{{#traveller_emailed}} y se le ha avisado por correo{{/traveller_emailed}}.

Referencia: {{booking_reference}}
{{#reseller_reference}}Vuestra referencia: {{reseller_reference}}
{{/reseller_reference}}Actividad: {{product_title}} – {{option_title}}
Fecha y hora: {{local_start}}
Participantes: {{units_summary}}
Cliente: {{contact_name}} ({{contact_email}})
{{#reason}}Motivo: {{reason}}
{{/reason}}Reembolso: {{refund_amount}} (total)
Identificador OCTO: {{booking_uuid}})"},
    {"{{supplier_name}} cancelled booking {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Hello {{channel}},

{{supplier_name}} cannot run the activity and has cancelled this booking you sold. The customer is refunded in full{{#traveller_emailed}} and was told by email{{/traveller_emailed}}.

Reference: {{booking_reference}}
{{#reseller_reference}}Your reference: {{reseller_reference}}
{{/reseller_reference}}Activity: {{product_title}} – {{option_title}}
Date and time: {{local_start}}
Participants: {{units_summary}}
Customer: {{contact_name}} ({{contact_email}})
{{#reason}}Reason: {{reason}}
{{/reason}}Refund: {{refund_amount}} (full)
OCTO uuid: {{booking_uuid}})"},
    {"{{supplier_name}} a annulé la réservation {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Bonjour {{channel}},

{{supplier_name}} ne peut pas assurer l'activité et a annulé cette réservation que vous avez vendue. Le client est remboursé intégralement{{#traveller_emailed}} et a été prévenu par e-mail{{/traveller_emailed}}.

Référence : {{booking_reference}}
{{#reseller_reference}}Votre référence : {{reseller_reference}}
{{/reseller_reference}}Activité : {{product_title}} – {{option_title}}
Date et heure : {{local_start}}
Participants : {{units_summary}}
Client : {{contact_name}} ({{contact_email}})
{{#reason}}Motif : {{reason}}
{{/reason}}Remboursement : {{refund_amount}} (total)
Identifiant OCTO : {{booking_uuid}})"},
};

// To the reseller whose customer's booking the supplier changed (BookingEmail::
// kTripAmendedBySupplier: a move to another departure, say).
constexpr TemplateDef kBookingAmendedReseller{
    "booking_amended_reseller",
    kBookingVars,
    {"{{supplier_name}} ha modificado la reserva {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Hola {{channel}}:

{{supplier_name}} ha modificado esta reserva vendida por vosotros{{#traveller_emailed}}; se ha avisado al cliente por correo{{/traveller_emailed}}. Estos son sus datos actuales.

{{#changes}}Cambios: {{changes}}

{{/changes}}Referencia: {{booking_reference}}
{{#reseller_reference}}Vuestra referencia: {{reseller_reference}}
{{/reseller_reference}}Actividad: {{product_title}} – {{option_title}}{{#previous_activity}} (antes: {{previous_activity}}){{/previous_activity}}
Fecha y hora: {{local_start}}{{#previous_start}} (antes: {{previous_start}}){{/previous_start}}
Participantes: {{units_summary}}{{#previous_units}} (antes: {{previous_units}}){{/previous_units}}
Total: {{total}}{{#previous_total}} (antes: {{previous_total}}){{/previous_total}}
Cliente: {{contact_name}} ({{contact_email}})
Identificador OCTO: {{booking_uuid}})"},
    {"{{supplier_name}} changed booking {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Hello {{channel}},

{{supplier_name}} changed this booking you sold{{#traveller_emailed}}; the customer was told by email{{/traveller_emailed}}. These are its details now.

{{#changes}}Changes: {{changes}}

{{/changes}}Reference: {{booking_reference}}
{{#reseller_reference}}Your reference: {{reseller_reference}}
{{/reseller_reference}}Activity: {{product_title}} – {{option_title}}{{#previous_activity}} (was: {{previous_activity}}){{/previous_activity}}
Date and time: {{local_start}}{{#previous_start}} (was: {{previous_start}}){{/previous_start}}
Participants: {{units_summary}}{{#previous_units}} (was: {{previous_units}}){{/previous_units}}
Total: {{total}}{{#previous_total}} (was: {{previous_total}}){{/previous_total}}
Customer: {{contact_name}} ({{contact_email}})
OCTO uuid: {{booking_uuid}})"},
    {"{{supplier_name}} a modifié la réservation {{booking_reference}}{{#reseller_reference}} "
     "({{reseller_reference}}){{/reseller_reference}}",
     R"(Bonjour {{channel}},

{{supplier_name}} a modifié cette réservation que vous avez vendue{{#traveller_emailed}} ; le client a été prévenu par e-mail{{/traveller_emailed}}. Voici ses informations à jour.

{{#changes}}Modifications : {{changes}}

{{/changes}}Référence : {{booking_reference}}
{{#reseller_reference}}Votre référence : {{reseller_reference}}
{{/reseller_reference}}Activité : {{product_title}} – {{option_title}}{{#previous_activity}} (avant : {{previous_activity}}){{/previous_activity}}
Date et heure : {{local_start}}{{#previous_start}} (avant : {{previous_start}}){{/previous_start}}
Participants : {{units_summary}}{{#previous_units}} (avant : {{previous_units}}){{/previous_units}}
Total : {{total}}{{#previous_total}} (avant : {{previous_total}}){{/previous_total}}
Client : {{contact_name}} ({{contact_email}})
Identifiant OCTO : {{booking_uuid}})"},
};

constexpr std::array<const TemplateDef*, 13> kTemplates = {
    &kBookingConfirmedSupplier,  &kBookingAmendedSupplier,  &kBookingCancelledSupplier,
    &kBookingConfirmedTraveller, &kBookingAmendedTraveller, &kBookingCancelledTraveller,
    &kBookingCancelledReseller,  &kBookingAmendedReseller,  &kApplicationStatusChanged,
    &kDocumentReviewed,          &kPasswordReset,           &kPasswordChanged,
    &kStaffInvitation,
};

constexpr std::array<std::string_view, 13> kTemplateNames = {
    kBookingConfirmedSupplier.name,  kBookingAmendedSupplier.name,  kBookingCancelledSupplier.name,
    kBookingConfirmedTraveller.name, kBookingAmendedTraveller.name, kBookingCancelledTraveller.name,
    kBookingCancelledReseller.name,  kBookingAmendedReseller.name,  kApplicationStatusChanged.name,
    kDocumentReviewed.name,          kPasswordReset.name,           kPasswordChanged.name,
    kStaffInvitation.name,
};

const TemplateDef* find_template(std::string_view name) {
  for (const TemplateDef* t : kTemplates) {
    if (t->name == name) return t;
  }
  return nullptr;
}

}  // namespace

bool is_optional_email_variable(std::string_view template_name, std::string_view var) {
  bool booking = template_name.rfind("booking_", 0) == 0;
  const auto optional = std::span(kBookingVars).subspan(kBookingRequiredVars);
  return booking && std::find(optional.begin(), optional.end(), var) != optional.end();
}

namespace {

// ---------------------------------------------------------------------------------------------
// The template engine.

struct Tag {
  char kind;  // 0 variable, '#' section, '^' inverted section, '/' close
  std::string_view name;
  std::size_t begin;  // offset of "{{"
  std::size_t end;    // offset after "}}"
};

// Finds the next tag at or after `from`; nullopt when there is none.
Result<std::optional<Tag>> next_tag(std::string_view s, std::size_t from) {
  std::size_t open = s.find("{{", from);
  if (open == std::string_view::npos) return std::optional<Tag>{};
  std::size_t close = s.find("}}", open + 2);
  if (close == std::string_view::npos) {
    return Error::invalid_argument("unclosed '{{' in template");
  }
  std::string_view inner = s.substr(open + 2, close - open - 2);
  Tag tag{0, {}, open, close + 2};
  if (!inner.empty() && (inner[0] == '#' || inner[0] == '^' || inner[0] == '/')) {
    tag.kind = inner[0];
    inner.remove_prefix(1);
  }
  while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
  while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
  if (inner.empty()) return Error::invalid_argument("empty '{{}}' tag in template");
  tag.name = inner;
  return std::optional<Tag>{tag};
}

// Section condition: "name" is true when the variable is non-empty; "name=value" when it equals.
bool section_true(std::string_view name, const EmailVars& vars) {
  std::size_t eq = name.find('=');
  if (eq == std::string_view::npos) {
    auto it = vars.find(std::string(name));
    return it != vars.end() && !it->second.empty();
  }
  auto it = vars.find(std::string(name.substr(0, eq)));
  return it != vars.end() && it->second == name.substr(eq + 1);
}

Status render_into(std::string_view s, const EmailVars& vars, bool escape, std::string& out,
                   std::vector<std::string>* missing) {
  std::size_t pos = 0;
  while (true) {
    PASEO_ASSIGN_OR_RETURN(std::optional<Tag> tag, next_tag(s, pos));
    if (!tag) {
      out.append(s.substr(pos));
      return {};
    }
    out.append(s.substr(pos, tag->begin - pos));
    if (tag->kind == 0) {
      auto it = vars.find(std::string(tag->name));
      if (it == vars.end()) {
        if (missing) missing->emplace_back(tag->name);
      } else {
        out.append(escape ? html_escape(it->second) : it->second);
      }
      pos = tag->end;
      continue;
    }
    if (tag->kind == '/') {
      return Error::invalid_argument("'{{/" + std::string(tag->name) +
                                     "}}' without an opening tag");
    }
    // Find the matching close tag, counting nested sections of the same name.
    int depth = 1;
    std::size_t scan = tag->end;
    std::optional<Tag> close;
    while (depth > 0) {
      PASEO_ASSIGN_OR_RETURN(std::optional<Tag> t, next_tag(s, scan));
      if (!t) {
        return Error::invalid_argument("section '" + std::string(tag->name) + "' is not closed");
      }
      if (t->name == tag->name && (t->kind == '#' || t->kind == '^')) ++depth;
      if (t->name == tag->name && t->kind == '/') {
        if (--depth == 0) close = t;
      }
      scan = t->end;
    }
    bool show = section_true(tag->name, vars);
    if (tag->kind == '^') show = !show;
    std::string_view inner = s.substr(tag->end, close->begin - tag->end);
    if (show) {
      PASEO_RETURN_IF_ERROR(render_into(inner, vars, escape, out, missing));
    } else {
      // Still validate the skipped block so that a broken template fails in every case.
      std::string ignored;
      PASEO_RETURN_IF_ERROR(render_into(inner, vars, escape, ignored, nullptr));
    }
    pos = close->end;
  }
}

// A plain variable tag (not a section) whose value is a URL: "link" or "*_url".
bool is_url_var(std::string_view name) {
  if (name.empty() || name[0] == '#' || name[0] == '^' || name[0] == '/') return false;
  return name == "link" || (name.size() > 4 && name.substr(name.size() - 4) == "_url");
}

// Converts one line of a text template to HTML template text: literal text is escaped, tags are
// kept, and a URL variable becomes a link.
std::string line_to_html(std::string_view line) {
  std::string out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    std::size_t open = line.find("{{", pos);
    std::size_t close = open == std::string_view::npos ? open : line.find("}}", open + 2);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out += html_escape(line.substr(pos));
      break;
    }
    out += html_escape(line.substr(pos, open - pos));
    std::string_view tag = line.substr(open, close + 2 - open);
    std::string_view name = tag.substr(2, tag.size() - 4);
    if (is_url_var(name)) {
      out += "<a href=\"";
      out += tag;
      out += "\" style=\"color:#0f766e;word-break:break-all;\">";
      out += tag;
      out += "</a>";
    } else {
      out += tag;
    }
    pos = close + 2;
  }
  return out;
}

// The HTML body of a text template: paragraphs (separated by a blank line) become <p>, other line
// breaks <br>. Section tags may span lines and paragraphs; what they remove is always balanced
// ("</p><p>" or "<br>") so the result stays well formed.
std::string text_template_to_html(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t para_end = text.find("\n\n", pos);
    std::string_view para = text.substr(
        pos, para_end == std::string_view::npos ? std::string_view::npos : para_end - pos);
    out += "<p style=\"margin:0 0 16px 0;\">";
    std::size_t lpos = 0;
    bool first = true;
    while (lpos <= para.size()) {
      std::size_t nl = para.find('\n', lpos);
      std::string_view line =
          para.substr(lpos, nl == std::string_view::npos ? std::string_view::npos : nl - lpos);
      if (!first) out += "<br>\n";
      out += line_to_html(line);
      first = false;
      if (nl == std::string_view::npos) break;
      lpos = nl + 1;
    }
    out += "</p>\n";
    if (para_end == std::string_view::npos) break;
    pos = para_end + 2;
  }
  return out;
}

std::string_view label_in(const Label& l, std::string_view locale) {
  if (locale == "es") return l.es;
  if (locale == "fr") return l.fr;
  return l.en;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return s;
}

}  // namespace

std::span<const std::string_view> email_template_names() { return kTemplateNames; }

bool is_known_email_template(std::string_view name) { return find_template(name) != nullptr; }

std::span<const std::string_view> email_template_variables(std::string_view name) {
  const TemplateDef* t = find_template(name);
  if (t == nullptr) return {};
  return t->vars;
}

std::span<const std::string_view> email_locales() { return kLocales; }

namespace {

// The leading letters, lower-cased, when templates exist in that language: "es" of "es-ES",
// "ES_es" or an Accept-Language value "es,en;q=0.8". "" otherwise.
std::string template_language(std::string_view locale) {
  std::string primary;
  for (char c : locale) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view l : kLocales) {
    if (l == primary) return primary;
  }
  return "";
}

}  // namespace

std::string normalize_email_locale(std::string_view locale) {
  std::string l = template_language(locale);
  return l.empty() ? "en" : l;
}

std::string preferred_email_locale(std::span<const std::string> preferred) {
  for (const auto& locale : preferred) {
    if (std::string l = template_language(locale); !l.empty()) return l;
  }
  return "";
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> render_template_text(std::string_view tmpl, const EmailVars& vars, bool escape,
                                         std::vector<std::string>* missing_vars) {
  std::string out;
  PASEO_RETURN_IF_ERROR(render_into(tmpl, vars, escape, out, missing_vars));
  return out;
}

Result<RenderedEmail> render_email(std::string_view template_name, std::string_view locale,
                                   const EmailVars& vars) {
  const TemplateDef* t = find_template(template_name);
  if (t == nullptr) {
    return Error::invalid_argument("unknown email template '" + std::string(template_name) + "'",
                                   "template");
  }
  const std::string lang = normalize_email_locale(locale);
  const LocaleText& lt = t->in(lang);

  // Derived words for enumerated values ("status" -> "status_label"), unless the caller gave one;
  // a value without a word is shown as it is.
  EmailVars all = vars;
  for (const Label& l : kLabels) {
    auto it = vars.find(std::string(l.var));
    std::string key = std::string(l.var) + "_label";
    if (vars.contains(key)) continue;
    if (it == vars.end()) {  // the base variable is reported missing; not its word too
      all.try_emplace(key);
      continue;
    }
    if (it->second == l.value) {
      all[key] = std::string(label_in(l, lang));
    } else if (!all.contains(key)) {
      all[key] = it->second;
    }
  }

  std::vector<std::string> missing;
  for (std::string_view v : t->vars) {
    if (!vars.contains(std::string(v)) && !is_optional_email_variable(t->name, v))
      missing.emplace_back(v);
  }
  RenderedEmail email;
  PASEO_ASSIGN_OR_RETURN(std::string subject,
                         render_template_text(lt.subject, all, false, &missing));
  email.subject = one_line(std::move(subject));
  PASEO_ASSIGN_OR_RETURN(email.text, render_template_text(lt.text, all, false, &missing));
  PASEO_ASSIGN_OR_RETURN(std::string body,
                         render_template_text(text_template_to_html(lt.text), all, true, nullptr));
  email.html =
      "<!DOCTYPE html>\n<html lang=\"" + lang +
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      html_escape(email.subject) +
      "</title>\n</head>\n"
      "<body style=\"margin:0;padding:24px;background:#f5f5f4;font-family:Arial,Helvetica,"
      "sans-serif;color:#1c1917;\">\n"
      "<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;"
      "padding:24px;line-height:1.5;font-size:15px;\">\n"
      "<p style=\"margin:0 0 16px 0;font-size:20px;font-weight:bold;color:#0f766e;\">Paseo</p>\n" +
      body + "</div>\n</body>\n</html>\n";

  std::erase_if(missing,
                [&](const std::string& v) { return is_optional_email_variable(t->name, v); });
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  email.missing_vars = std::move(missing);
  return email;
}

bool is_valid_email_address(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  // Local part: dot-atom of RFC 5322 printable characters (no quoted strings).
  static constexpr std::string_view kLocalSpecials = "!#$%&'*+-/=?^_`{|}~.";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || !(std::isalnum(u) || kLocalSpecials.find(c) != std::string_view::npos)) {
      return false;
    }
  }
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  std::size_t pos = 0;
  while (pos <= domain.size()) {
    std::size_t dot = domain.find('.', pos);
    std::string_view label =
        domain.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 || !(std::isalnum(u) || c == '-')) return false;
    }
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return true;
}

Result<std::string> encode_email_vars(const EmailVars& vars) {
  return internal::encode_string_map(vars, "email variable", "vars");
}

Result<EmailVars> decode_email_vars(std::string_view json) {
  return internal::decode_string_map(json, "email variable");
}

}  // namespace paseo::app
