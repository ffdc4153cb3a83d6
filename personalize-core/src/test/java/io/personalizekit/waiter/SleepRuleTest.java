package io.personalizekit.waiter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Thread.sleep appears only in io.personalizekit.internal.waiters (main code). */
class SleepRuleTest {

    @Test
    void threadSleep_onlyInInternalWaiters() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.personalizekit");
        noClasses()
                .that()
                .resideOutsideOfPackage("io.personalizekit.internal.waiters..")
                .should()
                .callMethod(Thread.class, "sleep", long.class)
                .orShould()
                .callMethod(Thread.class, "sleep", long.class, int.class)
                .orShould()
                .callMethod(Thread.class, "sleep", Duration.class)
                .check(main);
    }
}
