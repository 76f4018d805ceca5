"""Where each app's personal data about an address can be found, exported and erased.

Each app that keeps people's data registers two functions when it starts: one returns
what it holds about an address as plain data (GDPR Art. 15), the other erases it and
returns how many records it erased (Art. 17). The admin's export and erase pages ask
every app through here, so none is forgotten and no app imports another.
"""

HOLDERS = {}


def register(name, held_about, erase):
    HOLDERS[name] = (held_about, erase)


def held_about(email):
    return {name: found(email) for name, (found, _erase) in HOLDERS.items()}


def erase(email):
    return {name: erased(email) for name, (_found, erased) in HOLDERS.items()}
