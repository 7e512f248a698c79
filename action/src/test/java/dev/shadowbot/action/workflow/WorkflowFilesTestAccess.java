package dev.shadowbot.action.workflow;

import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;

/** Lets tests in other packages use this package's fake GitHub and output parser. */
public final class WorkflowFilesTestAccess {
    private WorkflowFilesTestAccess() {
    }

    public static Dispatcher fakeComments(String repo, String base) {
        return new FakeIssueComments(repo, base);
    }

    public static Map<Long, String> comments(Dispatcher fake) {
        return ((FakeIssueComments) fake).comments;
    }

    public static Map<String, String> parseOutputs(List<String> lines) {
        return WorkflowFilesTest.parseOutputs(lines);
    }
}
