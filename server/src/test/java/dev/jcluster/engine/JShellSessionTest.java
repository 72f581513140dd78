package dev.jcluster.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Push and pull: without JShell while no code has used a pushed name, then through the kept
 * setter and getter of its declaration. The same objects, what snippets did to the name in
 * between, and a name declared again (by a push of another type or by the user's own code)
 * getting new ones.
 */
class JShellSessionTest {
    private final JShellSession session = new JShellSession();

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void pushedAndPulledObjectsAreTheSameObjectsAndSnippetsSeeThem() throws Exception {
        byte[] blob = new byte[1 << 20];
        session.push("blob", blob);
        assertThat(session.pull("blob")).isSameAs(blob);
        assertThat(session.eval("blob.length")).isEqualTo("1048576");

        session.push("x", 1);
        session.eval("int twice() { return x * 2; }");
        session.push("x", 21);
        assertThat(session.eval("twice()")).as("a method declared before the push sees its value").isEqualTo("42");
        session.eval("x = x + 1;");
        assertThat(session.pull("x")).as("what a snippet assigned").isEqualTo(22);
        assertThat(session.pull("x * 2")).as("an expression, evaluated").isEqualTo(44);
    }

    @Test
    void aNameDeclaredAgainGetsANewSetterAndGetter() throws Exception {
        session.push("v", 5);
        assertThat(session.pull("v")).isEqualTo(5);
        session.push("v", "now a string");
        assertThat(session.pull("v")).isEqualTo("now a string");
        assertThat(session.eval("v.length()")).isEqualTo("12");

        session.eval("java.util.List<Integer> v = java.util.List.of(1, 2, 3);");
        assertThat(session.pull("v")).as("declared by the user's code").isEqualTo(List.of(1, 2, 3));
        session.push("v", 7);
        assertThat(session.eval("v + 1")).isEqualTo("8");
        assertThat(session.pull("v")).isEqualTo(7);
    }

    @Test
    void namesLikeTheSettersOwnWorkToo() throws Exception {
        for (String name : List.of("v", "value", "o", "x", "$jclusterValue")) {
            session.push(name, name.length());
            assertThat(session.eval(name)).as("declared, " + name).isEqualTo(Integer.toString(name.length()));
            session.push(name, name.length() + 1);
            assertThat(session.pull(name)).as("set and got, " + name).isEqualTo(name.length() + 1);
        }
    }

    @Test
    void pushedNamesNoCodeHasUsedAreKeptWithoutJShell() throws Exception {
        byte[] blob = new byte[1 << 20];
        session.push("blob", blob);
        session.push("n", 3);
        assertThat(session.pull("blob")).isSameAs(blob);
        session.push("n", 4);
        assertThat(session.pull("n")).isEqualTo(4);
        assertThat(session.started()).as("no javac run for data no code has used").isFalse();

        assertThat(session.pull("n + blob.length")).as("an expression over them").isEqualTo(4 + (1 << 20));
        assertThat(session.started()).isTrue();
        assertThat(session.pull("blob")).isSameAs(blob);
    }

    @Test
    void codeDeclaredBeforeANameWasPushedSeesItWhenItRuns() throws Exception {
        session.eval("int next() { return y + 1; }");
        session.push("y", 41);
        assertThat(session.eval("next()")).isEqualTo("42");
        session.eval("y = 1;");
        assertThat(session.pull("y")).isEqualTo(1);
    }

    @Test
    void aKeywordIsNoName() {
        Assertions.assertThatThrownBy(() -> session.push("class", 1))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("'class' is not a Java identifier");
        Assertions.assertThatThrownBy(() -> session.push("a.b", 1))
                .as("a qualified name is no variable's").isInstanceOf(TaskFailure.class)
                .hasMessageContaining("'a.b' is not a Java identifier");
        assertThat(session.started()).isFalse();
    }

    @Test
    void aVariableOfATypeJShellCannotNameIsStillPulled() throws Exception {
        session.eval("var anon = new Object() { int f = 3; public String toString() { return \"f=\" + f; } };");
        assertThat(session.pull("anon")).hasToString("f=3");
        assertThat(session.pull("anon")).as("again, through the same fallback").hasToString("f=3");
    }
}
