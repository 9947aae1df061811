import BrokerCase
