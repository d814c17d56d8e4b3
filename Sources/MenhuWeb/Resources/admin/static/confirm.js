// Asks before an action that cannot be undone: a form (or its button) with data-confirm is sent
// only after the person agrees. Without script the form is sent as before.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
