package dev.usher.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usher.ServerTest;
import dev.usher.TestServer;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static dev.usher.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class GuestListImportTest extends ServerTest {

    private TestServer.Response upload(String csv) {
        return upload(csv.getBytes(StandardCharsets.UTF_8));
    }

    private TestServer.Response upload(byte[] csv) {
        return server.postBytes("/api/tickets/import", csv, "text/csv", TestServer.ADMIN_TOKEN);
    }

    @Test
    void a_guest_list_creates_tickets_and_keeps_extra_columns_as_fields() {
        TestServer.Response r = upload("""
                name,email,company,diet
                Ada Lovelace,ada@example.com,Analytical Engines,vegan
                "Hopper, Grace",grace@example.com,US Navy,
                """);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(2);
        assertThat(r.json().get("badCount").asInt()).isZero();
        JsonNode grace = server.get("/api/tickets?q=grace", TestServer.ADMIN_TOKEN).json().at("/tickets/0");
        assertThat(grace.get("name").asText()).isEqualTo("Hopper, Grace");
        JsonNode ada = server.get("/api/tickets/" + server.get("/api/tickets?q=ada@", TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText(),
                TestServer.ADMIN_TOKEN).json().get("ticket");
        assertThat(ada.at("/fields/company").asText()).isEqualTo("Analytical Engines");
        assertThat(ada.at("/fields/diet").asText()).isEqualTo("vegan");
        assertThat(ada.get("source").asText()).isEqualTo("import");
    }

    @Test
    void bad_lines_are_reported_with_their_line_numbers_and_do_not_stop_the_rest() {
        server.register("Already Here", "here@example.com");
        TestServer.Response r = upload("""
                Email,Name
                ada@example.com,Ada
                not-an-email,Bob
                ,Nobody

                here@example.com,Already Here Again
                carol@example.com,Carol
                ada@example.com,Ada Twice
                onlyonecolumn
                dave@example.com,Dave
                """);
        assertThat(r.status()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("created").asInt()).isEqualTo(3); // Ada, Carol, Dave
        assertThat(report.get("badCount").asInt()).isEqualTo(3);
        assertThat(report.get("bad").findValuesAsText("line")).containsExactly("3", "4", "9");
        assertThat(report.get("skippedCount").asInt()).isEqualTo(2);
        assertThat(report.get("skipped").findValuesAsText("line")).containsExactly("6", "8");
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isEqualTo(4);
    }

    @Test
    void a_header_without_name_and_email_is_refused_and_nothing_is_created() {
        assertError(upload("first,last\nAda,Lovelace\n"), 400, "bad_csv_header");
        assertError(upload(new byte[0]), 400, "bad_csv");
        assertThat(server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt()).isZero();
    }

    @Test
    void excel_windows_1252_files_and_byte_order_marks_are_read_correctly() {
        byte[] latin = "name,email\nJosé Müller,jose@example.com\n".getBytes(Charset.forName("windows-1252"));
        TestServer.Response r = upload(latin);
        assertThat(r.json().get("created").asInt()).isEqualTo(1);
        assertThat(r.json().get("encoding").asText()).isEqualTo("windows-1252");
        assertThat(server.get("/api/tickets?q=jose", TestServer.ADMIN_TOKEN).json().at("/tickets/0/name").asText()).isEqualTo("José Müller");

        byte[] bom = "\uFEFFname,email\nZoë,zoe@example.com\n".getBytes(StandardCharsets.UTF_8);
        TestServer.Response withBom = upload(bom);
        assertThat(withBom.json().get("created").asInt()).isEqualTo(1);
        assertThat(withBom.json().get("encoding").asText()).isEqualTo("UTF-8");
    }

    @Test
    void broken_quoting_keeps_the_lines_before_it_and_reports_where_it_broke() {
        TestServer.Response r = upload("name,email\nAda,ada@example.com\n\"Bob,bob@example.com\nCarol,carol@example.com\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(1);
        assertThat(r.json().get("badCount").asInt()).isEqualTo(1);
        assertThat(r.json().at("/bad/0/line").asInt()).isEqualTo(3);
    }

    @Test
    void importing_needs_the_admin_token() {
        assertThat(server.postBytes("/api/tickets/import", "name,email\n".getBytes(), "text/csv", null).status()).isEqualTo(401);
    }

    private JsonNode ticketByEmail(String email) {
        String id = server.get("/api/tickets?q=" + email, TestServer.ADMIN_TOKEN).json().at("/tickets/0/id").asText();
        return server.get("/api/tickets/" + id, TestServer.ADMIN_TOKEN).json().get("ticket");
    }

    private int registered() {
        return server.get("/api/stats", TestServer.ADMIN_TOKEN).json().get("registered").asInt();
    }

    @Test
    void a_german_excel_file_with_semicolons_and_vorname_nachname_is_imported() {
        byte[] csv = """
                Vorname;Nachname;E-Mail-Adresse;Firma
                Jürgen;Groß;juergen@example.de;"Müller; Söhne"
                Zoë;Ødegård;zoe@example.no;
                """.getBytes(Charset.forName("windows-1252")); // what Excel saves as "CSV" on a German Windows
        TestServer.Response r = upload(csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(2);
        assertThat(r.json().get("badCount").asInt()).isZero();
        JsonNode juergen = ticketByEmail("juergen@example.de");
        assertThat(juergen.get("name").asText()).isEqualTo("Jürgen Groß");
        assertThat(juergen.at("/fields/Firma").asText()).isEqualTo("Müller; Söhne");
        assertThat(juergen.get("fields").has("Vorname")).isFalse();
        assertThat(ticketByEmail("zoe@example.no").get("name").asText()).isEqualTo("Zoë Ødegård");
    }

    @Test
    void a_tab_separated_file_with_spelled_out_headers_is_imported() {
        TestServer.Response r = upload("Full Name\tEmail Address\tfirst_name\nAda Lovelace\tada@example.com\tAda\n");
        assertThat(r.json().get("created").asInt()).as(r.body()).isEqualTo(1);
        assertThat(ticketByEmail("ada@example.com").at("/fields/first_name").asText()).isEqualTo("Ada");
    }

    @Test
    void an_eventbrite_attendee_export_is_imported_with_its_other_columns_as_fields() {
        TestServer.Response r = upload("""
                Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Job Title,Attendee Status
                1234567890,2019-02-01 10:12:00-08:00,Grace,Hopper,grace@example.com,1,General Admission,987654321,Rear Admiral,Attending
                1234567891,2019-02-02 11:00:00-08:00,Ada,Lovelace,ADA@example.com,1,Speaker,987654322,,Attending
                """);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("created").asInt()).isEqualTo(2);
        JsonNode grace = ticketByEmail("grace@example.com");
        assertThat(grace.get("name").asText()).isEqualTo("Grace Hopper");
        assertThat(grace.at("/fields/Ticket Type").asText()).isEqualTo("General Admission");
        assertThat(grace.at("/fields/Order #").asText()).isEqualTo("1234567890");
        assertThat(grace.at("/fields/Job Title").asText()).isEqualTo("Rear Admiral");
        assertThat(grace.get("fields").has("First Name")).isFalse();
        assertThat(ticketByEmail("ada@example.com").get("fields").has("Job Title")).isFalse();
    }

    @Test
    void a_meetup_export_without_emails_is_refused_naming_what_it_found_and_what_it_needs() {
        TestServer.Response r = upload("""
                Name,User ID,Title,Event Host,RSVPed on,Last Attended,Guests,RSVP,Joined Group on
                Ada Lovelace,user 1234,,No,2019-02-01,2019-01-10,0,Yes,2018-05-04
                """);
        assertError(r, 400, "bad_csv_header");
        String message = r.json().get("message").asText();
        assertThat(message).contains("needs an email column").contains("'Name', 'User ID', 'Title', 'Event Host', 'RSVPed on'")
                .contains("'email'").contains("Meetup");
        assertThat(registered()).isZero();
    }

    @Test
    void the_preview_shows_the_mapping_and_first_rows_and_writes_nothing() {
        StringBuilder csv = new StringBuilder("Vorname;Nachname;E-Mail;Firma;Notiz\n");
        for (int i = 1; i <= 8; i++) {
            csv.append("Gast;Nummer ").append(i).append(";gast").append(i).append("@example.de;ACME;\n");
        }
        csv.append("Kaputt;;keine-adresse;;\n");
        TestServer.Response r = server.postBytes("/api/tickets/import/preview", csv.toString().getBytes(StandardCharsets.UTF_8),
                "text/csv", TestServer.ADMIN_TOKEN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("delimiter").asText()).isEqualTo(";");
        assertThat(p.get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(p.at("/columns/firstName").asText()).isEqualTo("Vorname");
        assertThat(p.at("/columns/lastName").asText()).isEqualTo("Nachname");
        assertThat(p.at("/columns/email").asText()).isEqualTo("E-Mail");
        assertThat(p.get("columns").has("name")).isFalse();
        assertThat(p.at("/columns/fields").toString()).isEqualTo("[\"Firma\",\"Notiz\"]");
        assertThat(p.get("rows")).hasSize(5);
        assertThat(p.at("/rows/0/name").asText()).isEqualTo("Gast Nummer 1");
        assertThat(p.at("/rows/0/email").asText()).isEqualTo("gast1@example.de");
        assertThat(p.at("/rows/0/fields").toString()).isEqualTo("{\"Firma\":\"ACME\"}");
        assertThat(p.get("total").asInt()).isEqualTo(9);
        assertThat(registered()).isZero();

        assertError(server.postBytes("/api/tickets/import/preview", "Name,User ID\nAda,1\n".getBytes(), "text/csv",
                TestServer.ADMIN_TOKEN), 400, "bad_csv_header");
        assertThat(server.postBytes("/api/tickets/import/preview", csv.toString().getBytes(), "text/csv", null).status()).isEqualTo(401);
    }
}
