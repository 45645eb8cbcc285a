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
}
