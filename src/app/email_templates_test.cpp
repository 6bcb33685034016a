#include "app/email_templates.h"

#include <algorithm>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace paseo::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A distinct, recognisable value per variable, with characters that must be escaped in HTML.
EmailVars sample_vars(std::string_view template_name) {
  EmailVars vars;
  for (std::string_view v : email_template_variables(template_name)) {
    vars[std::string(v)] = "val-" + std::string(v) + "-<b>&";
  }
  return vars;
}

EmailVars booking_vars() {
  return {{"supplier_name", "Tapas Tours Madrid"},
          {"product_title", "Paseo por el Madrid de los Austrias"},
          {"option_title", "Visita en español"},
          {"local_start", "sábado 28 de marzo de 2026, 10:00 (hora de Madrid)"},
          {"booking_reference", "K7M4QX"},
          {"contact_name", "Lucía Gómez"},
          {"contact_email", "lucia@example.com"},
          {"units_summary", "2 adultos, 1 niño"},
          {"total", "45,00 €"},
          {"booking_uuid", "0f6f1c1e-8c0e-4a57-9a55-2b1a3c4d5e6f"},
          {"channel", ""},
          {"reason", ""},
          {"changes", ""}};
}

// --- Every template in every locale ---------------------------------------------------------

class EveryTemplate
    : public ::testing::TestWithParam<std::tuple<std::string_view, std::string_view>> {};

// The variables whose value shows up in the text of `name` rendered in `locale`.
std::set<std::string> shown_vars(std::string_view name, std::string_view locale,
                                 const EmailVars& vars) {
  auto email = render_email(name, locale, vars);
  std::set<std::string> shown;
  if (!email.ok()) return shown;
  for (const auto& [key, value] : vars) {
    // Enumerations are worded per locale; their raw values may read like English words.
    if (key == "status" || key == "previous_status" || key == "decision" ||
        key == "document_kind") {
      continue;
    }
    if (email->text.find(value) != std::string::npos) shown.insert(key);
  }
  return shown;
}

EmailVars full_vars(std::string_view name) {
  EmailVars vars = sample_vars(name);
  // Enumerated variables get values their templates word, so that their blocks show.
  if (vars.contains("status")) vars["status"] = "approved";
  if (vars.contains("previous_status")) vars["previous_status"] = "under_review";
  if (vars.contains("decision")) vars["decision"] = "rejected";
  if (vars.contains("document_kind")) vars["document_kind"] = "liability_insurance";
  return vars;
}

TEST_P(EveryTemplate, RendersEveryVariableInTextAndEscapedInHtml) {
  auto [name, locale] = GetParam();
  EmailVars vars = full_vars(name);
  auto email = render_email(name, locale, vars);
  ASSERT_TRUE(email.ok()) << email.error().to_string();
  EXPECT_TRUE(email->missing_vars.empty());
  EXPECT_FALSE(email->subject.empty());
  EXPECT_EQ(email->subject.find('\n'), std::string::npos);
  for (const std::string* part : {&email->subject, &email->text, &email->html}) {
    EXPECT_THAT(*part, Not(HasSubstr("{{"))) << name << "/" << locale;
    EXPECT_THAT(*part, Not(HasSubstr("}}"))) << name << "/" << locale;
  }
  EXPECT_THAT(email->html, HasSubstr("<html lang=\"" + std::string(locale) + "\">"));
  EXPECT_THAT(email->html, HasSubstr("</html>"));
  EXPECT_THAT(email->html, Not(HasSubstr("-<b>&"))) << "unescaped value in HTML";
  // Each variable shown in the text is in the HTML too, escaped.
  std::set<std::string> shown = shown_vars(name, locale, vars);
  for (const std::string& key : shown) {
    EXPECT_THAT(email->html, HasSubstr(html_escape(vars[key]))) << key << " in " << name;
  }
  EXPECT_GE(shown.size(), 2u) << name << "/" << locale;
}

TEST_P(EveryTemplate, EveryLocaleShowsTheSameVariablesAsEnglish) {
  auto [name, locale] = GetParam();
  EmailVars vars = full_vars(name);
  EXPECT_EQ(shown_vars(name, locale, vars), shown_vars(name, "en", vars)) << name << "/" << locale;
}

TEST_P(EveryTemplate, MissingVariablesAreReported) {
  auto [name, locale] = GetParam();
  auto email = render_email(name, locale, {});
  ASSERT_TRUE(email.ok());
  std::vector<std::string> documented(email_template_variables(name).begin(),
                                      email_template_variables(name).end());
  std::erase_if(documented, [&](const std::string& v) {
    return is_optional_email_variable(name, v);  // optional blocks
  });
  if (std::string_view(name).rfind("booking_", 0) == 0) {
    EXPECT_TRUE(is_optional_email_variable(name, "reason"));
    EXPECT_FALSE(is_optional_email_variable(name, "total"));
  }
  std::sort(documented.begin(), documented.end());
  EXPECT_EQ(email->missing_vars, documented);
}

INSTANTIATE_TEST_SUITE_P(Templates, EveryTemplate,
                         ::testing::Combine(::testing::ValuesIn(email_template_names().begin(),
                                                                email_template_names().end()),
                                            ::testing::Values("es", "en", "fr")),
                         [](const auto& param_info) {
                           return std::string(std::get<0>(param_info.param)) + "_" +
                                  std::string(std::get<1>(param_info.param));
                         });

TEST(EmailTemplates, NamesAreTheAgreedOnes) {
  std::vector<std::string_view> names(email_template_names().begin(), email_template_names().end());
  EXPECT_THAT(
      names,
      ::testing::UnorderedElementsAre(
          "booking_confirmed_supplier", "booking_amended_supplier", "booking_cancelled_supplier",
          "booking_confirmed_traveller", "booking_amended_traveller", "booking_cancelled_traveller",
          "booking_cancelled_reseller", "booking_amended_reseller", "application_status_changed",
          "document_reviewed", "password_reset", "password_changed", "staff_invitation"));
  for (std::string_view name : names) EXPECT_TRUE(is_known_email_template(name));
}

// --- Booking emails ----------------------------------------------------------------------------

TEST(EmailTemplates, TravellerConfirmationInSpanish) {
  auto email = render_email("booking_confirmed_traveller", "es", booking_vars());
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->subject,
            "Confirmación de tu reserva K7M4QX: Paseo por el Madrid de los Austrias");
  EXPECT_THAT(email->text, HasSubstr("Hola Lucía Gómez:"));
  EXPECT_THAT(email->text,
              HasSubstr("Fecha y hora: sábado 28 de marzo de 2026, 10:00 (hora de Madrid)"));
  EXPECT_THAT(email->text, HasSubstr("Participantes: 2 adultos, 1 niño"));
  EXPECT_THAT(email->text, HasSubstr("Total: 45,00 €"));
  EXPECT_THAT(email->html, HasSubstr("Organiza: Tapas Tours Madrid"));
  EXPECT_THAT(email->html, HasSubstr("<meta charset=\"utf-8\">"));
}

TEST(EmailTemplates, TravellerConfirmationInEnglishAndFrench) {
  auto en = render_email("booking_confirmed_traveller", "en", booking_vars());
  auto fr = render_email("booking_confirmed_traveller", "fr-FR", booking_vars());
  ASSERT_TRUE(en.ok());
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(en->subject, "Booking confirmation K7M4QX: Paseo por el Madrid de los Austrias");
  EXPECT_EQ(fr->subject,
            "Confirmation de votre réservation K7M4QX : Paseo por el Madrid de los Austrias");
  EXPECT_THAT(fr->text, HasSubstr("Votre réservation est confirmée !"));
  EXPECT_THAT(fr->html, HasSubstr("l&#39;activité"));
}

TEST(EmailTemplates, SupplierEmailsShowTheChannelOnlyWhenGiven) {
  EmailVars vars = booking_vars();
  auto without = render_email("booking_confirmed_supplier", "en", vars);
  ASSERT_TRUE(without.ok());
  EXPECT_THAT(without->text, Not(HasSubstr("Sold through")));
  EXPECT_THAT(without->text, HasSubstr("Customer: Lucía Gómez (lucia@example.com)\nBooking id: "));
  vars["channel"] = "GetYourGuide";
  auto with = render_email("booking_confirmed_supplier", "en", vars);
  ASSERT_TRUE(with.ok());
  EXPECT_THAT(with->text, HasSubstr("Sold through: GetYourGuide\nBooking id: "));
  EXPECT_THAT(with->html, HasSubstr("Sold through: GetYourGuide<br>"));
}

TEST(EmailTemplates, CancellationShowsTheReasonWhenGiven) {
  EmailVars vars = booking_vars();
  vars["reason"] = "Mal tiempo";
  for (std::string_view name : {"booking_cancelled_supplier", "booking_cancelled_traveller"}) {
    auto email = render_email(name, "es", vars);
    ASSERT_TRUE(email.ok());
    EXPECT_THAT(email->text, HasSubstr("Motivo: Mal tiempo")) << name;
  }
  vars["reason"] = "";
  auto email = render_email("booking_cancelled_traveller", "es", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->text, Not(HasSubstr("Motivo")));
}

TEST(EmailTemplates, CancellationShowsTheRefund) {
  EmailVars vars = booking_vars();
  vars["refund"] = "PARTIAL";
  vars["refund_amount"] = "22.50 EUR";
  auto es = render_email("booking_cancelled_traveller", "es", vars);
  ASSERT_TRUE(es.ok());
  EXPECT_THAT(es->text, HasSubstr("Reembolso: 22.50 EUR (parcial)\n"));
  EXPECT_THAT(es->text, Not(HasSubstr("(total)")));
  vars["refund"] = "NONE";
  auto en = render_email("booking_cancelled_supplier", "en", vars);
  ASSERT_TRUE(en.ok());
  EXPECT_THAT(en->text, HasSubstr("No refund applies to this cancellation."));
  EXPECT_THAT(en->text, Not(HasSubstr("Refund:")));
  vars.erase("refund");  // not a cancellation with a quote: nothing about refunds
  auto fr = render_email("booking_cancelled_traveller", "fr", vars);
  ASSERT_TRUE(fr.ok());
  EXPECT_THAT(fr->text, Not(HasSubstr("Rembours")));
  EXPECT_TRUE(fr->missing_vars.empty());
}

TEST(EmailTemplates, AmendmentListsTheChanges) {
  EmailVars vars = booking_vars();
  vars["changes"] = "10:00 → 12:00";
  auto email = render_email("booking_amended_supplier", "fr", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->text, HasSubstr("Modifications : 10:00 → 12:00"));
  EXPECT_THAT(email->subject, HasSubstr("Réservation modifiée K7M4QX"));
}

// A changed line gives its old value beside the new one, in the reader's words; a line whose old
// value is not given (it did not change) has nothing after it.
TEST(EmailTemplates, AmendmentGivesTheOldValueBesideAChangedLine) {
  EmailVars vars = booking_vars();
  vars["local_start"] = "jueves 26 de marzo de 2026, 17:00 (hora de Madrid)";
  vars["previous_start"] = "miércoles 25 de marzo de 2026, 10:00 (hora de Madrid)";
  vars["previous_units"] = "2 adultos";
  vars["previous_total"] = "40,00 €";
  for (const char* name :
       {"booking_amended_supplier", "booking_amended_traveller", "booking_amended_reseller"}) {
    auto es = render_email(name, "es", vars);
    ASSERT_TRUE(es.ok()) << name;
    EXPECT_THAT(es->text, HasSubstr("Fecha y hora: jueves 26 de marzo de 2026, 17:00 (hora de "
                                    "Madrid) (antes: miércoles 25 de marzo de 2026, 10:00 (hora "
                                    "de Madrid))\n"))
        << name;
    EXPECT_THAT(es->text, HasSubstr("Participantes: 2 adultos, 1 niño (antes: 2 adultos)\n"))
        << name;
    EXPECT_THAT(es->text, HasSubstr("Total: 45,00 € (antes: 40,00 €)\n")) << name;
    EXPECT_THAT(es->text, HasSubstr("Actividad: Paseo por el Madrid de los Austrias – Visita en "
                                    "español\n"))
        << name;
    EXPECT_TRUE(es->missing_vars.empty()) << name;
  }
  vars["previous_activity"] = "Paseo por el Madrid de los Austrias – Visite en français";
  auto fr = render_email("booking_amended_traveller", "fr", vars);
  ASSERT_TRUE(fr.ok());
  EXPECT_THAT(fr->text, HasSubstr("(avant : Paseo por el Madrid de los Austrias – Visite en "
                                  "français)\n"));
  EXPECT_THAT(fr->text, HasSubstr("Total : 45,00 € (avant : 40,00 €)\n"));
  auto en = render_email("booking_amended_supplier", "en", vars);
  ASSERT_TRUE(en.ok());
  EXPECT_THAT(en->text, HasSubstr("Participants: 2 adultos, 1 niño (was: 2 adultos)\n"));
  EXPECT_THAT(en->html, HasSubstr("(was: 2 adultos)"));
}

// The extras and pickup lines of the supplier's and the traveller's amended emails too; the
// engine words a side with none ("ninguno") so that the line still shows.
TEST(EmailTemplates, AmendmentGivesTheOldExtrasAndPickup) {
  EmailVars vars = booking_vars();
  vars["extras_summary"] = "ninguno";
  vars["previous_extras"] = "2 × Comida";
  vars["pickup"] = "Hotel Beta (Gran Vía 2), 16:15";
  vars["previous_pickup"] = "Hotel Alpha (Calle Mayor 1), 09:30";
  for (const char* name : {"booking_amended_supplier", "booking_amended_traveller"}) {
    auto es = render_email(name, "es", vars);
    ASSERT_TRUE(es.ok()) << name;
    EXPECT_THAT(es->text, HasSubstr("Extras: ninguno (antes: 2 × Comida)\n")) << name;
    EXPECT_THAT(es->text, HasSubstr("Recogida: Hotel Beta (Gran Vía 2), 16:15 (antes: Hotel Alpha "
                                    "(Calle Mayor 1), 09:30)\n"))
        << name;
    EXPECT_TRUE(es->missing_vars.empty()) << name;
  }
  auto fr = render_email("booking_amended_traveller", "fr", vars);
  ASSERT_TRUE(fr.ok());
  EXPECT_THAT(fr->text, HasSubstr("Suppléments : ninguno (avant : 2 × Comida)\n"));
  EXPECT_THAT(fr->text, HasSubstr("(avant : Hotel Alpha (Calle Mayor 1), 09:30)\n"));
  auto en = render_email("booking_amended_supplier", "en", vars);
  ASSERT_TRUE(en.ok());
  EXPECT_THAT(en->html, HasSubstr("(was: Hotel Alpha (Calle Mayor 1), 09:30)"));
  // Not given: the lines stand alone.
  vars.erase("previous_extras");
  vars.erase("previous_pickup");
  auto plain = render_email("booking_amended_traveller", "en", vars);
  ASSERT_TRUE(plain.ok());
  EXPECT_THAT(plain->text, HasSubstr("Pickup: Hotel Beta (Gran Vía 2), 16:15\n"));
  EXPECT_THAT(plain->text, Not(HasSubstr("was:")));
}

// --- Accounts emails ---------------------------------------------------------------------------

EmailVars application_vars(std::string status, std::string reason = "") {
  return {{"contact_name", "Lucía Gómez"},
          {"company", "Tapas Tours Madrid SL"},
          {"application_id", "3f0c"},
          {"status", std::move(status)},
          {"previous_status", "under_review"},
          {"reason", std::move(reason)},
          {"status_url", "https://paseo.example/my/application?a=1&b=2"},
          {"changed_at", "2026-11-23T11:30:00Z"}};
}

TEST(EmailTemplates, ApplicationStatusIsWordedPerLocale) {
  auto es = render_email("application_status_changed", "es", application_vars("approved"));
  ASSERT_TRUE(es.ok());
  EXPECT_EQ(es->subject, "Tu solicitud en Paseo: aprobada");
  EXPECT_THAT(es->text, HasSubstr("¡La solicitud de Tapas Tours Madrid SL ha sido aprobada!"));
  EXPECT_THAT(es->text, HasSubstr("seguro de responsabilidad civil"));
  EXPECT_THAT(es->text, Not(HasSubstr("Hemos recibido")));

  auto fr = render_email("application_status_changed", "fr",
                         application_vars("info_requested", "Envoyez des photos"));
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(fr->subject, "Votre candidature Paseo : informations complémentaires requises");
  EXPECT_THAT(fr->text, HasSubstr("candidature de Tapas Tours Madrid SL : Envoyez des photos"));
  EXPECT_THAT(fr->text, Not(HasSubstr("Message de l'équipe")));  // the reason is said once

  auto en = render_email("application_status_changed", "en",
                         application_vars("rejected", "We do not sell tours in Mars"));
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->subject, "Your Paseo application: not accepted");
  EXPECT_THAT(en->text, HasSubstr("was not accepted. Reason: We do not sell tours in Mars"));
}

TEST(EmailTemplates, ApplicationOptionalTeamMessageAndLink) {
  auto en = render_email("application_status_changed", "en",
                         application_vars("under_review", "Back next week"));
  ASSERT_TRUE(en.ok());
  EXPECT_THAT(en->text, HasSubstr("Message from the team: Back next week"));
  EXPECT_THAT(en->text, HasSubstr("https://paseo.example/my/application?a=1&b=2"));
  EXPECT_THAT(en->html, HasSubstr("<a href=\"https://paseo.example/my/application?a=1&amp;b=2\""));
  auto unknown = render_email("application_status_changed", "en", application_vars("frozen"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->subject, "Your Paseo application: frozen");  // unknown values shown as is
}

TEST(EmailTemplates, DocumentReviewed) {
  EmailVars vars = {{"contact_name", "Lucía"},
                    {"company", "Tapas Tours"},
                    {"document_kind", "liability_insurance"},
                    {"decision", "rejected"},
                    {"reason", "La póliza caducó"},
                    {"status_url", "https://paseo.example/my/application"}};
  auto es = render_email("document_reviewed", "es", vars);
  ASSERT_TRUE(es.ok());
  EXPECT_EQ(es->subject, "seguro de responsabilidad civil: rechazado");
  EXPECT_THAT(es->text, HasSubstr("Sube una nueva versión"));
  EXPECT_THAT(es->text, HasSubstr("Motivo: La póliza caducó"));
  vars["decision"] = "accepted";
  vars["reason"] = "";
  auto en = render_email("document_reviewed", "en", vars);
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->subject, "civil liability insurance: accepted");
  EXPECT_THAT(en->text, Not(HasSubstr("new version")));
  EXPECT_THAT(en->text, Not(HasSubstr("Reason")));
}

TEST(EmailTemplates, PasswordResetGreetsWithOrWithoutName) {
  EmailVars vars = {{"name", ""},
                    {"reset_url", "https://paseo.example/reset-password?token=AbC"},
                    {"expires_minutes", "60"},
                    {"expires_at", "2026-11-23T12:30:00Z"}};
  auto en = render_email("password_reset", "en", vars);
  ASSERT_TRUE(en.ok());
  EXPECT_THAT(en->text, HasSubstr("Hello,\n"));
  EXPECT_THAT(en->text, HasSubstr("within 60 minutes"));
  EXPECT_THAT(en->text, HasSubstr("\nhttps://paseo.example/reset-password?token=AbC\n"));
  vars["name"] = "Lucía";
  auto es = render_email("password_reset", "es", vars);
  ASSERT_TRUE(es.ok());
  EXPECT_THAT(es->text, HasSubstr("Hola Lucía:\n"));
  EXPECT_EQ(es->subject, "Restablece tu contraseña de Paseo");
}

TEST(EmailTemplates, StaffInvitation) {
  EmailVars vars = {{"name", "Pablo"},
                    {"inviter_name", "Lucía Gómez"},
                    {"organisation_name", "Tapas Tours Madrid SL"},
                    {"accept_url", "https://paseo.example/accept-invitation?token=X"},
                    {"expires_days", "7"}};
  auto fr = render_email("staff_invitation", "fr", vars);
  ASSERT_TRUE(fr.ok());
  EXPECT_EQ(fr->subject, "Lucía Gómez vous invite à rejoindre Tapas Tours Madrid SL sur Paseo");
  EXPECT_THAT(fr->text, HasSubstr("expire dans 7 jours"));
  EXPECT_THAT(fr->html, HasSubstr("href=\"https://paseo.example/accept-invitation?token=X\""));
}

// --- Engine behaviour ----------------------------------------------------------------------------

TEST(EmailTemplates, UnknownTemplateIsAnError) {
  auto email = render_email("booking_confirmed_alien", "en", {});
  ASSERT_FALSE(email.ok());
  EXPECT_EQ(email.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(email.error().message, HasSubstr("booking_confirmed_alien"));
  EXPECT_FALSE(is_known_email_template(""));
}

TEST(EmailTemplates, MissingVariablesRenderEmptyAndAreReported) {
  EmailVars vars = booking_vars();
  vars.erase("total");
  auto email = render_email("booking_confirmed_traveller", "en", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->missing_vars, std::vector<std::string>{"total"});
  EXPECT_THAT(email->text, HasSubstr("Total: \n"));
}

TEST(EmailTemplates, UnknownLocaleFallsBackToEnglish) {
  EXPECT_EQ(normalize_email_locale("es"), "es");
  EXPECT_EQ(normalize_email_locale("es-ES"), "es");
  EXPECT_EQ(normalize_email_locale("FR_ca"), "fr");
  EXPECT_EQ(normalize_email_locale("de"), "en");
  EXPECT_EQ(normalize_email_locale("fr,en;q=0.8"), "fr");
  EXPECT_EQ(normalize_email_locale("es-ES,es;q=0.9,en;q=0.8"), "es");
  EXPECT_EQ(normalize_email_locale("de-DE,es;q=0.9"), "en");
  EXPECT_EQ(normalize_email_locale(""), "en");
  auto email = render_email("booking_confirmed_traveller", "de", booking_vars());
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->subject, HasSubstr("Booking confirmation"));
}

TEST(EmailTemplates, PreferredLocaleIsTheFirstOfTheTravellersWithTemplates) {
  using L = std::vector<std::string>;
  EXPECT_EQ(preferred_email_locale(L{"de", "fr-CA", "es"}), "fr");
  EXPECT_EQ(preferred_email_locale(L{"EN-gb", "es"}), "en");
  EXPECT_EQ(preferred_email_locale(L{"pt-BR", "es_MX"}), "es");
  EXPECT_EQ(preferred_email_locale(L{"de", "it"}), "");  // the caller picks its own fallback
  EXPECT_EQ(preferred_email_locale(L{}), "");
}

TEST(EmailTemplates, SubjectNeverCarriesLineBreaks) {
  EmailVars vars = booking_vars();
  vars["booking_reference"] = "K7\r\nBcc: victim@example.com";
  auto email = render_email("booking_confirmed_traveller", "en", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->subject.find_first_of("\r\n"), std::string::npos);
}

TEST(TemplateEngine, SectionsAndEscaping) {
  EmailVars vars = {{"a", "x<y"}, {"empty", ""}, {"s", "on"}};
  EXPECT_EQ(*render_template_text("[{{a}}]", vars, false), "[x<y]");
  EXPECT_EQ(*render_template_text("[{{ a }}]", vars, true), "[x&lt;y]");
  EXPECT_EQ(*render_template_text("{{#a}}yes{{/a}}{{^a}}no{{/a}}", vars, false), "yes");
  EXPECT_EQ(*render_template_text("{{#empty}}yes{{/empty}}{{^empty}}no{{/empty}}", vars, false),
            "no");
  EXPECT_EQ(*render_template_text("{{#nope}}yes{{/nope}}", vars, false), "");
  EXPECT_EQ(*render_template_text("{{#s=on}}1{{/s=on}}{{#s=off}}2{{/s=off}}", vars, false), "1");
  EXPECT_EQ(*render_template_text("{{#a}}<{{#s}}{{a}}{{/s}}>{{/a}}", vars, true), "<x&lt;y>");
  EXPECT_EQ(*render_template_text("{{#a}}{{#a}}in{{/a}}out{{/a}}", vars, false), "inout");
  std::vector<std::string> missing;
  EXPECT_EQ(*render_template_text("a{{zz}}b", vars, false, &missing), "ab");
  EXPECT_EQ(missing, std::vector<std::string>{"zz"});
}

TEST(EmailTemplates, UrlVariablesBecomeLinksOnlyInHtml) {
  EmailVars vars = {{"reset_url", "https://paseo.example/r?t=a&b"},
                    {"name", ""},
                    {"expires_minutes", "60"},
                    {"expires_at", "x"}};
  auto email = render_email("password_reset", "en", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->html, HasSubstr("<a href=\"https://paseo.example/r?t=a&amp;b\""));
  EXPECT_THAT(email->text, Not(HasSubstr("<a ")));
  EXPECT_THAT(email->text, HasSubstr("https://paseo.example/r?t=a&b"));
}

TEST(TemplateEngine, MalformedTemplatesAreErrors) {
  EmailVars vars = {{"a", "1"}};
  EXPECT_FALSE(render_template_text("{{a", vars, false).ok());
  EXPECT_FALSE(render_template_text("{{}}", vars, false).ok());
  EXPECT_FALSE(render_template_text("{{#a}}open", vars, false).ok());
  EXPECT_FALSE(render_template_text("{{/a}}", vars, false).ok());
  EXPECT_FALSE(render_template_text("{{^nope}}{{#b}}{{/nope}}", vars, false).ok());
}

TEST(TemplateEngine, HtmlEscape) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("Confirmación"), "Confirmación");
}

// --- Addresses and variable storage
// ---------------------------------------------------------------

TEST(EmailAddress, AcceptsOrdinaryAddresses) {
  for (std::string_view ok : {"lucia@example.com", "a.b+tag@sub.example.co.uk", "x_y-z@a-b.es",
                              "o'brien@example.ie", "1@2.io"}) {
    EXPECT_TRUE(is_valid_email_address(ok)) << ok;
  }
}

TEST(EmailAddress, RejectsMalformedOrDangerousAddresses) {
  for (std::string_view bad : {"",
                               "lucia",
                               "@example.com",
                               "lucia@",
                               "lucia@localhost",
                               "lucia@@example.com",
                               "lucia@exa mple.com",
                               "lu cia@example.com",
                               "lucia@example..com",
                               ".lucia@example.com",
                               "lucia.@example.com",
                               "lu..cia@example.com",
                               "lucia@-example.com",
                               "lucia@example-.com",
                               "lucía@example.com",
                               "lucia@exámple.com",
                               "<lucia@example.com>",
                               "\"l\"@example.com",
                               "lucia@example.com\r\nBcc: x@example.com",
                               "lucia@example.com,b@example.com",
                               "lucia@example.com."}) {
    EXPECT_FALSE(is_valid_email_address(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_email_address(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(is_valid_email_address("a@" + std::string(250, 'b') + ".com"));
}

TEST(EmailVarsJson, RoundTripsUnicodeAndControlCharacters) {
  EmailVars vars = {{"name", "Lucía \"la\" Gómez\\"},
                    {"lines", "a\nb\tc\x01"},
                    {"empty", ""},
                    {"emoji", "🙂 €"}};
  auto json = encode_email_vars(vars);
  ASSERT_TRUE(json.ok());
  auto back = decode_email_vars(*json);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  EXPECT_EQ(*back, vars);
  EXPECT_EQ(*encode_email_vars({}), "{}");
}

TEST(EmailVarsJson, RejectsInvalidUtf8AndWrongShapes) {
  auto bad = encode_email_vars({{"name", std::string("Luc\xed") + "a"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "vars.name");
  EXPECT_FALSE(decode_email_vars("").ok());
  EXPECT_FALSE(decode_email_vars("[]").ok());
  EXPECT_FALSE(decode_email_vars("{\"a\":1}").ok());
  EXPECT_FALSE(decode_email_vars("{\"a\":\"b\"").ok());
}

// The traveller is told what changed, in their words, above the booking as it is now.
TEST(EmailTemplates, TravellerAmendmentSaysWhatChanged) {
  EmailVars vars = booking_vars();
  vars["changes"] = "fecha y hora, participantes";
  auto email = render_email("booking_amended_traveller", "es", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->text, ::testing::HasSubstr("Cambios: fecha y hora, participantes\n\n"));
  vars.erase("changes");
  email = render_email("booking_amended_traveller", "fr", vars);
  ASSERT_TRUE(email.ok());
  EXPECT_THAT(email->text, ::testing::Not(::testing::HasSubstr("Modifications")));
}

}  // namespace
}  // namespace paseo::app
