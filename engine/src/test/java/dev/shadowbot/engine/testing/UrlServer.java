package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.DatabaseUrl;

/** A server someone else runs, named by SHADOWBOT_TEST_DB_URL. Never stopped by us. */
final class UrlServer implements TestServer {
    private final DatabaseUrl url;

    UrlServer(String url) {
        this.url = DatabaseUrl.parse(url).withDatabase("");
    }

    @Override
    public DatabaseUrl url() {
        return url;
    }

    @Override
    public String description() {
        return "server at " + url + " (SHADOWBOT_TEST_DB_URL)";
    }

    @Override
    public void close() {
    }
}
