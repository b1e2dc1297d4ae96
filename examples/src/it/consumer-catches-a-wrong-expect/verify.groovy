// The build failed (invoker.buildResult = failure); check it failed for the right reason, saying what a reader needs.
import javax.xml.parsers.DocumentBuilderFactory

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.bpf.TcxScenariosTest.xml')
assert report.isFile() : "no surefire report: the tests did not run"
def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert suite.getAttribute('tests') == '2' : "expected 2 scenario tests, found ${suite.getAttribute('tests')}"
assert suite.getAttribute('failures') == '1' : "expected 1 failure, found ${suite.getAttribute('failures')}"
def failure = suite.getElementsByTagName('failure').item(0)
def testcase = failure.parentNode
assert testcase.getAttribute('name').startsWith('commit-before-sync-expected-to-pass')
def message = failure.getAttribute('message') + failure.textContent
['FAIL commit-before-sync-expected-to-pass', 'use_after_free', 'trace', 'schedule: '].each {
    assert message.contains(it) : "the failure does not say '${it}':\n${message}"
}
return true
