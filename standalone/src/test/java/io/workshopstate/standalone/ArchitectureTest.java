package io.workshopstate.standalone;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sides meet only through the messages of shared-events, so either side can be deployed,
 * replayed or rewritten alone. Every rule keeps ArchUnit's default of failing when its subject
 * matches no class, so a moved package cannot turn a rule into one that checks nothing.
 */
@AnalyzeClasses(packages = "io.workshopstate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] MESSAGES = {
            "io.workshopstate.workshop..",
            "io.workshopstate.session..",
            "io.workshopstate.identity..",
            "io.workshopstate.rejection.."
    };

    @ArchTest
    static final ArchRule messagesKnowNoSpringNorJpa = noClasses()
            .that().resideInAnyPackage(MESSAGES)
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..")
            .because("messages travel between processes and live in the event store longer than any framework");

    @ArchTest
    static final ArchRule commandSideKnowsNothingOfTheQuerySide = noClasses()
            .that().resideInAPackage("io.workshopstate.command..")
            .should().dependOnClassesThat().resideInAPackage("io.workshopstate.query..")
            .because("the command side learns of views only through the events");

    @ArchTest
    static final ArchRule querySideKnowsNothingOfTheCommandSide = noClasses()
            .that().resideInAPackage("io.workshopstate.query..")
            .should().dependOnClassesThat().resideInAPackage("io.workshopstate.command..")
            .because("the query side learns of decisions only through the events");

    @ArchTest
    static final ArchRule platformServesBothSidesWithoutKnowingThem = noClasses()
            .that().resideInAPackage("io.workshopstate.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("io.workshopstate.command..", "io.workshopstate.query..")
            .because("each side runs as its own process on top of the platform");
}
